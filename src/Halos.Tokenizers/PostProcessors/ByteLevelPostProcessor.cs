namespace Halos.Tokenizers.PostProcessors;

/// <summary>Adds no tokens; only trims absorbed spaces from offsets when asked to.</summary>
internal sealed class ByteLevelPostProcessor(bool trimOffsets) : IPostProcessor
{
    public List<EncodedToken> Process(List<EncodedToken> first, List<EncodedToken>? second, bool addSpecialTokens, string original)
    {
        if (trimOffsets)
        {
            first = OffsetTrimmer.TrimSpaces(first, original);
            if (second is not null) second = OffsetTrimmer.TrimSpaces(second, original);
        }
        return EncodedTokenLists.Concat(first, second, 1);
    }
}
