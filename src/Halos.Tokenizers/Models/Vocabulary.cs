namespace Halos.Tokenizers.Models;

/// <summary>Token string to id and back, with allocation-free lookups by span.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIds;
    private readonly string?[] _tokens;

    public Vocabulary(Dictionary<string, int> ids)
    {
        _ids = ids;
        _spanIds = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var max = ids.Count == 0 ? -1 : ids.Values.Max();
        _tokens = new string?[max + 1];
        foreach (var (token, id) in ids)
            if (id >= 0) _tokens[id] = token;
    }

    public IReadOnlyDictionary<string, int> Ids => _ids;

    /// <summary>One past the highest id, which is how HF reports a model's vocab size.</summary>
    public int Size => _tokens.Length;

    public int Find(ReadOnlySpan<char> token) => _spanIds.TryGetValue(token, out var id) ? id : -1;

    public string? TokenOf(int id) => id >= 0 && id < _tokens.Length ? _tokens[id] : null;
}
