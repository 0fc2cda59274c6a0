using Halos.Tokenizers.Normalizers;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.AddedTokens;

/// <summary>
/// The added tokens of a tokenizer: tokens marked normalized=false are looked for in the raw
/// text, normalized ones in each normalized section (using their normalized content).
/// </summary>
internal sealed class AddedVocabulary
{
    private readonly Dictionary<string, AddedToken> _byContent = new(StringComparer.Ordinal);
    private readonly Dictionary<int, AddedToken> _byId = new();

    public AddedVocabulary(IReadOnlyList<AddedToken> tokens, INormalizer? normalizer)
    {
        Tokens = tokens;
        var raw = new List<(string, AddedToken)>();
        var normalized = new List<(string, AddedToken)>();
        foreach (var token in tokens)
        {
            _byContent[token.Content] = token;
            _byId[token.Id] = token;
            if (token.Normalized && normalizer is not null)
                normalized.Add((normalizer.Normalize(new NormalizedText(token.Content, 0)).Text, token));
            else raw.Add((token.Content, token));
        }
        RawMatcher = new AddedTokenMatcher(raw);
        NormalizedMatcher = new AddedTokenMatcher(normalized);
    }

    public IReadOnlyList<AddedToken> Tokens { get; }
    public AddedTokenMatcher RawMatcher { get; }
    public AddedTokenMatcher NormalizedMatcher { get; }

    public AddedToken? ById(int id) => _byId.GetValueOrDefault(id);
    public AddedToken? ByContent(string content) => _byContent.GetValueOrDefault(content);
    public int MaxId => _byId.Count == 0 ? -1 : _byId.Keys.Max();
}
