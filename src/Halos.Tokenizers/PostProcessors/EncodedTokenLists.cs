namespace Halos.Tokenizers.PostProcessors;

/// <summary>Concatenation and type-id relabelling shared by the post-processors.</summary>
internal static class EncodedTokenLists
{
    public static List<EncodedToken> WithTypeId(List<EncodedToken> tokens, int typeId)
    {
        var result = new List<EncodedToken>(tokens.Count + 4);
        foreach (var t in tokens) result.Add(t with { TypeId = typeId });
        return result;
    }

    public static List<EncodedToken> Concat(List<EncodedToken> first, List<EncodedToken>? second, int secondTypeId)
    {
        var result = new List<EncodedToken>(first);
        if (second is not null) result.AddRange(WithTypeId(second, secondTypeId));
        return result;
    }
}
