using System.Text;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Models;

/// <summary>
/// SentencePiece's Unigram language model (Kudo 2018) as Hugging Face tokenizers runs it: the
/// segmentation of a pre-token into vocabulary pieces with the highest total score (Viterbi over
/// the piece log-probabilities). A char that starts no piece of its own length becomes an unknown
/// node scored min(score) − 10; a run of unknown nodes is fused into one piece, which becomes its
/// UTF-8 bytes as &lt;0xNN&gt; pieces under byte_fallback (when all of them exist), else unk_id.
/// On equal totals the segmentation whose last piece starts earliest wins.
/// </summary>
internal sealed class UnigramModel : ITokenizerModel
{
    private const double UnknownPenalty = 10.0;

    private readonly string[] _pieces;
    private readonly double[] _scores;
    private readonly Vocabulary _vocab;
    private readonly PieceTrie _trie = new();
    private readonly int? _unkId;
    private readonly bool _byteFallback;
    private readonly double _unknownScore;
    private readonly int[] _byteIds = new int[256];

    [ThreadStatic] private static List<(int Id, int Length)>? _prefixes;

    public UnigramModel(IReadOnlyList<(string Piece, double Score)> vocab, int? unkId, bool byteFallback, Func<string, Exception> error)
    {
        if (unkId is { } unk)
        {
            if (vocab.Count == 0) throw error("the vocab is empty but unk_id is set; at least the unknown piece is needed");
            if (unk < 0 || unk >= vocab.Count) throw error($"unk_id {unk} is outside the vocab (0..{vocab.Count - 1})");
        }
        _pieces = new string[vocab.Count];
        _scores = new double[vocab.Count];
        var ids = new Dictionary<string, int>(vocab.Count, StringComparer.Ordinal);
        var min = double.PositiveInfinity;
        for (var id = 0; id < vocab.Count; id++)
        {
            var (piece, score) = vocab[id];
            _pieces[id] = piece;
            _scores[id] = score;
            ids[piece] = id;
            _trie.Add(piece, id);
            min = Math.Min(min, score);
        }
        _vocab = new Vocabulary(ids);
        _unkId = unkId;
        _byteFallback = byteFallback;
        _unknownScore = min - UnknownPenalty;
        for (var b = 0; b < 256; b++) _byteIds[b] = _vocab.Find($"<0x{b:X2}>");
    }

    public int VocabSize => _pieces.Length;
    public IReadOnlyDictionary<string, int> Vocab => _vocab.Ids;
    public int? TokenToId(ReadOnlySpan<char> token) => _vocab.Find(token) is var id and >= 0 ? id : null;
    public string? IdToToken(int id) => id >= 0 && id < _pieces.Length ? _pieces[id] : null;

    public void Tokenize(in PreToken piece, List<ModelToken> output)
    {
        var text = piece.Text.Span;
        if (text.Length == 0) return;
        foreach (var (start, end) in Segment(text))
        {
            var id = _vocab.Find(text[start..end]);
            if (id >= 0)
            {
                output.Add(new ModelToken(id, start, end));
                continue;
            }
            if (_byteFallback && AddBytes(text[start..end], start, end, output)) continue;
            output.Add(new ModelToken(_unkId ?? throw MissingUnknown(text[start..end]), start, end));
        }
    }

    /// <summary>The best segmentation as char spans, unknown runs fused.</summary>
    private List<(int Start, int End)> Segment(ReadOnlySpan<char> text)
    {
        var n = text.Length;
        var best = new double[n + 1];
        var startsAt = new int[n + 1];
        var idAt = new int[n + 1];
        Array.Fill(startsAt, -1);
        var prefixes = _prefixes ??= [];
        for (var position = 0; position < n;)
        {
            var width = char.IsHighSurrogate(text[position]) && position + 1 < n && char.IsLowSurrogate(text[position + 1]) ? 2 : 1;
            var tillHere = best[position];
            var hasSingle = false;
            _trie.PrefixesOf(text[position..], prefixes);
            foreach (var (id, length) in prefixes)
            {
                var end = position + length;
                var candidate = _scores[id] + tillHere;
                if (startsAt[end] < 0 || candidate > best[end])
                {
                    best[end] = candidate;
                    startsAt[end] = position;
                    idAt[end] = id;
                }
                if (length == width) hasSingle = true;
            }
            if (!hasSingle)
            {
                var end = position + width;
                var candidate = _unknownScore + tillHere;
                if (startsAt[end] < 0 || candidate > best[end])
                {
                    best[end] = candidate;
                    startsAt[end] = position;
                    idAt[end] = _unkId ?? throw MissingUnknown(text.Slice(position, width));
                }
            }
            position += width;
        }

        var spans = new List<(int, int)>();
        var unknownRunEnd = -1;
        for (var end = n; end > 0;)
        {
            var start = startsAt[end];
            if (_unkId is { } unk && idAt[end] == unk)
            {
                if (unknownRunEnd < 0) unknownRunEnd = end;
            }
            else
            {
                if (unknownRunEnd >= 0) spans.Add((end, unknownRunEnd));
                unknownRunEnd = -1;
                spans.Add((start, end));
            }
            end = start;
        }
        if (unknownRunEnd >= 0) spans.Add((0, unknownRunEnd));
        spans.Reverse();
        return spans;
    }

    /// <summary>The piece's UTF-8 bytes as &lt;0xNN&gt; pieces, each spanning the whole piece; false when one is missing.</summary>
    private bool AddBytes(ReadOnlySpan<char> text, int start, int end, List<ModelToken> output)
    {
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        foreach (var b in bytes)
            if (_byteIds[b] < 0) return false;
        foreach (var b in bytes) output.Add(new ModelToken(_byteIds[b], start, end));
        return true;
    }

    private static InvalidOperationException MissingUnknown(ReadOnlySpan<char> text) =>
        new($"the Unigram model has no piece for '{text}' and no unk_id to stand for it");
}
