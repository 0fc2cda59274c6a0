using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Models;

/// <summary>
/// BERT's WordPiece: greedy longest-match-first over each word, pieces after the first carrying
/// the continuing-subword prefix ("##"). A word with any unmatchable part, or longer than
/// max_input_chars_per_word, becomes a single unknown token.
/// </summary>
internal sealed class WordPieceModel : ITokenizerModel
{
    private readonly Vocabulary _vocab;
    private readonly int _unkId;
    private readonly string _prefix;
    private readonly int _maxInputCharsPerWord;

    public WordPieceModel(Dictionary<string, int> vocab, string unkToken, string prefix, int maxInputCharsPerWord, Func<string, Exception> error)
    {
        _vocab = new Vocabulary(vocab);
        _unkId = _vocab.Find(unkToken);
        if (_unkId < 0) throw error($"unk_token '{unkToken}' is not in the vocab");
        _prefix = prefix;
        _maxInputCharsPerWord = maxInputCharsPerWord;
    }

    public int VocabSize => _vocab.Size;
    public IReadOnlyDictionary<string, int> Vocab => _vocab.Ids;
    public int? TokenToId(ReadOnlySpan<char> token) => _vocab.Find(token) is var id and >= 0 ? id : null;
    public string? IdToToken(int id) => _vocab.TokenOf(id);

    public void Tokenize(in PreToken piece, List<ModelToken> output)
    {
        var text = piece.Text.Span;
        if (text.Length == 0) return;
        var charCount = 0;
        foreach (var _ in text.EnumerateRunes()) charCount++;
        if (charCount > _maxInputCharsPerWord)
        {
            output.Add(new ModelToken(_unkId, 0, text.Length));
            return;
        }
        var firstOutput = output.Count;
        var candidate = new char[_prefix.Length + text.Length].AsSpan();
        _prefix.AsSpan().CopyTo(candidate);
        var start = 0;
        while (start < text.Length)
        {
            var end = text.Length;
            var found = -1;
            while (end > start)
            {
                var part = text[start..end];
                ReadOnlySpan<char> key;
                if (start > 0)
                {
                    part.CopyTo(candidate[_prefix.Length..]);
                    key = candidate[..(_prefix.Length + part.Length)];
                }
                else key = part;
                found = _vocab.Find(key);
                if (found >= 0) break;
                end--;
                if (end > start && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1])) end--;
            }
            if (found < 0)
            {
                output.RemoveRange(firstOutput, output.Count - firstOutput);
                output.Add(new ModelToken(_unkId, 0, text.Length));
                return;
            }
            output.Add(new ModelToken(found, start, end));
            start = end;
        }
    }
}
