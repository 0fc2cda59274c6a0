using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Models;

/// <summary>
/// Byte-pair encoding as in Hugging Face tokenizers: byte-level (GPT-2, Llama 3, Qwen) when the
/// pre-token comes flagged by the ByteLevel pre-tokenizer, otherwise char-level with optional
/// byte fallback to &lt;0xNN&gt; tokens (Llama 2, Mistral, Gemma).
/// </summary>
internal sealed class BpeModel : ITokenizerModel
{
    // Words repeat heavily in real text; past this many distinct words the cache starts over
    // rather than growing without bound.
    private const int CacheLimit = 200_000;
    private const int MaxCachedWordLength = 256;

    private readonly Vocabulary _vocab;
    private readonly BpeMergeTable _merges;
    private readonly BpeOptions _options;
    private readonly int _unkId;
    private readonly int[] _byteLevelIds = new int[256];
    private readonly int[] _byteFallbackIds = new int[256];
    private readonly ConcurrentDictionary<string, int[]> _byteLevelCache = new();
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _byteLevelCacheBySpan;
    private readonly ConcurrentDictionary<string, int[]> _charCache = new();
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _charCacheBySpan;

    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, BpeOptions options, Func<string, Exception> error)
    {
        _vocab = new Vocabulary(vocab);
        _options = options;
        _unkId = options.UnkToken is null ? -1 : _vocab.Find(options.UnkToken);
        _merges = new BpeMergeTable(merges.Count);
        var prefixLength = options.ContinuingSubwordPrefix?.Length ?? 0;
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            var leftId = _vocab.Find(left);
            var rightId = _vocab.Find(right);
            if (leftId < 0 || rightId < 0)
                throw error($"merge #{rank} '{left} {right}' uses a token missing from the vocab");
            // With a continuing-subword prefix, "a" + "##b" merges to "ab" (Rust BPE does the same).
            var mergedText = prefixLength > 0 && right.StartsWith(options.ContinuingSubwordPrefix!, StringComparison.Ordinal)
                ? left + right[prefixLength..]
                : left + right;
            var mergedId = _vocab.Find(mergedText);
            if (mergedId < 0) throw error($"merge #{rank} '{left} {right}' produces '{mergedText}', which is missing from the vocab");
            _merges.Add(leftId, rightId, rank, mergedId);
        }
        for (var b = 0; b < 256; b++)
        {
            _byteLevelIds[b] = _vocab.Find([ByteLevelAlphabet.ByteToChar[b]]);
            _byteFallbackIds[b] = _vocab.Find($"<0x{b:X2}>");
        }
        _byteLevelCacheBySpan = _byteLevelCache.GetAlternateLookup<ReadOnlySpan<char>>();
        _charCacheBySpan = _charCache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int VocabSize => _vocab.Size;
    public IReadOnlyDictionary<string, int> Vocab => _vocab.Ids;
    public int? TokenToId(ReadOnlySpan<char> token) => _vocab.Find(token) is var id and >= 0 ? id : null;
    public string? IdToToken(int id) => _vocab.TokenOf(id);

    public void Tokenize(in PreToken piece, List<ModelToken> output)
    {
        var text = piece.Text.Span;
        if (text.Length == 0) return;
        var cacheBySpan = piece.ByteLevel ? _byteLevelCacheBySpan : _charCacheBySpan;
        if (!cacheBySpan.TryGetValue(text, out var encoded))
        {
            encoded = piece.ByteLevel ? EncodeByteLevel(text) : EncodeChars(text);
            if (text.Length <= MaxCachedWordLength)
            {
                var cache = piece.ByteLevel ? _byteLevelCache : _charCache;
                if (cache.Count >= CacheLimit) cache.Clear();
                cache.TryAdd(text.ToString(), encoded);
            }
        }
        // Cached words store (id, start, end) triples of char offsets within the word.
        for (var i = 0; i < encoded.Length; i += 3)
            output.Add(new ModelToken(encoded[i], encoded[i + 1], encoded[i + 2]));
    }

    private int[] EncodeByteLevel(ReadOnlySpan<char> text)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        var charOfByte = ArrayPool<int>.Shared.Rent(maxBytes + 1);
        try
        {
            var byteCount = 0;
            for (var i = 0; i < text.Length;)
            {
                var rune = CharCodePointExtensions.RuneAt(text, i, out var width);
                var n = rune.EncodeToUtf8(rented.AsSpan(byteCount));
                for (var k = 0; k < n; k++) charOfByte[byteCount + k] = i;
                byteCount += n;
                i += width;
            }
            charOfByte[byteCount] = text.Length;
            var bytes = rented.AsSpan(0, byteCount);

            if (_options.IgnoreMerges)
            {
                var mapped = byteCount <= 512 ? stackalloc char[byteCount] : new char[byteCount];
                for (var k = 0; k < byteCount; k++) mapped[k] = ByteLevelAlphabet.ByteToChar[bytes[k]];
                var whole = _vocab.Find(mapped);
                if (whole >= 0) return [whole, 0, text.Length];
            }

            var merger = BpeWordMerger.ForThisThread;
            merger.Reset(byteCount);
            for (var k = 0; k < byteCount; k++)
            {
                var id = _byteLevelIds[bytes[k]];
                merger.Add(id, k, 1);
            }
            merger.Merge(_merges);
            var result = new List<int>(byteCount * 3);
            for (var s = 0; s < merger.Count; s++)
            {
                if (merger.Lengths[s] == 0) continue;
                var start = merger.Starts[s];
                var end = start + merger.Lengths[s];
                var id = merger.Ids[s];
                if (id < 0)
                {
                    if (_unkId < 0) continue;
                    id = _unkId;
                }
                // A token that covers part of a char (e.g. half an emoji) reports the whole char, as HF does.
                var charStart = charOfByte[start];
                var charEnd = end >= byteCount ? text.Length : (charOfByte[end] == charOfByte[end - 1] ? NextCharAfter(charOfByte, end) : charOfByte[end]);
                result.Add(id);
                result.Add(charStart);
                result.Add(charEnd);
            }
            return result.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
            ArrayPool<int>.Shared.Return(charOfByte);
        }
    }

    private static int NextCharAfter(int[] charOfByte, int byteIndex)
    {
        var owner = charOfByte[byteIndex];
        var k = byteIndex;
        while (charOfByte[k] == owner) k++;
        return charOfByte[k];
    }

    private int[] EncodeChars(ReadOnlySpan<char> text)
    {
        if (_options.IgnoreMerges)
        {
            var whole = _vocab.Find(text);
            if (whole >= 0) return [whole, 0, text.Length];
        }
        var merger = BpeWordMerger.ForThisThread;
        merger.Reset(text.Length * 4 + 1);
        // Each symbol occupies one slot; spans[slot] is the char span it came from.
        var spans = new List<(int Start, int End)>(text.Length);
        var prefix = _options.ContinuingSubwordPrefix;
        var suffix = _options.EndOfWordSuffix;
        Span<char> scratch = stackalloc char[64];
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length;)
        {
            var rune = CharCodePointExtensions.RuneAt(text, i, out var width);
            var symbol = BuildSymbol(text.Slice(i, width), i > 0 ? prefix : null, i + width == text.Length ? suffix : null, scratch);
            var id = _vocab.Find(symbol);
            if (id >= 0)
            {
                merger.Add(id, spans.Count, 1);
                spans.Add((i, i + width));
            }
            else if (_options.ByteFallback && AllBytesKnown(rune, utf8, out var n))
            {
                for (var k = 0; k < n; k++)
                {
                    merger.Add(_byteFallbackIds[utf8[k]], spans.Count, 1);
                    spans.Add((i, i + width));
                }
            }
            else if (_unkId >= 0)
            {
                var last = merger.Count - 1;
                if (_options.FuseUnk && last >= 0 && merger.Ids[last] == _unkId)
                    spans[last] = (spans[last].Start, i + width);
                else
                {
                    merger.Add(_unkId, spans.Count, 1);
                    spans.Add((i, i + width));
                }
            }
            i += width;
        }
        merger.Merge(_merges);
        var result = new List<int>(merger.Count * 3);
        for (var s = 0; s < merger.Count; s++)
        {
            if (merger.Lengths[s] == 0) continue;
            result.Add(merger.Ids[s]);
            result.Add(spans[s].Start);
            result.Add(spans[s + merger.Lengths[s] - 1].End);
        }
        return result.ToArray();
    }

    private bool AllBytesKnown(Rune rune, Span<byte> utf8, out int n)
    {
        n = rune.EncodeToUtf8(utf8);
        for (var k = 0; k < n; k++)
            if (_byteFallbackIds[utf8[k]] < 0) return false;
        return true;
    }

    private static ReadOnlySpan<char> BuildSymbol(ReadOnlySpan<char> ch, string? prefix, string? suffix, Span<char> scratch)
    {
        if (string.IsNullOrEmpty(prefix) && string.IsNullOrEmpty(suffix)) return ch;
        var length = (prefix?.Length ?? 0) + ch.Length + (suffix?.Length ?? 0);
        var buffer = length <= scratch.Length ? scratch[..length] : new char[length];
        var at = 0;
        if (!string.IsNullOrEmpty(prefix)) { prefix.AsSpan().CopyTo(buffer); at = prefix.Length; }
        ch.CopyTo(buffer[at..]);
        at += ch.Length;
        if (!string.IsNullOrEmpty(suffix)) suffix.AsSpan().CopyTo(buffer[at..]);
        return buffer;
    }
}
