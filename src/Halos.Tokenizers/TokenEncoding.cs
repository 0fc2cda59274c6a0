namespace Halos.Tokenizers;

/// <summary>
/// The result of encoding one text (or pair): ids with, per token, the char span in the original
/// input it covers, the segment (type id) and whether the post-processor added it.
/// </summary>
public sealed class TokenEncoding
{
    private readonly Tokenizer _tokenizer;
    private string[]? _tokens;

    internal TokenEncoding(Tokenizer tokenizer, int[] ids, (int Start, int End)[] offsets, int[] typeIds, bool[] specialTokensMask)
    {
        _tokenizer = tokenizer;
        Ids = ids;
        Offsets = offsets;
        TypeIds = typeIds;
        SpecialTokensMask = specialTokensMask;
    }

    public IReadOnlyList<int> Ids { get; }

    /// <summary>[Start, End) char offsets into the original string; (0, 0) for inserted special tokens.</summary>
    public IReadOnlyList<(int Start, int End)> Offsets { get; }

    public IReadOnlyList<int> TypeIds { get; }

    /// <summary>True for tokens the post-processor inserted (BOS, CLS, SEP, ...).</summary>
    public IReadOnlyList<bool> SpecialTokensMask { get; }

    public IReadOnlyList<string> Tokens => _tokens ??= Ids.Select(id => _tokenizer.IdToToken(id) ?? "").ToArray();

    public int Count => Ids.Count;
}
