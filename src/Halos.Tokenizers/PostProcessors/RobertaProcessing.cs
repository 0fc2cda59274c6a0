namespace Halos.Tokenizers.PostProcessors;

/// <summary>&lt;s&gt; A &lt;/s&gt; and &lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;; RoBERTa uses type id 0 throughout.</summary>
internal sealed class RobertaProcessing(int clsId, int sepId, bool trimOffsets) : IPostProcessor
{
    public List<EncodedToken> Process(List<EncodedToken> first, List<EncodedToken>? second, bool addSpecialTokens, string original)
    {
        if (trimOffsets)
        {
            first = OffsetTrimmer.TrimSpaces(first, original);
            if (second is not null) second = OffsetTrimmer.TrimSpaces(second, original);
        }
        if (!addSpecialTokens) return EncodedTokenLists.Concat(first, second, 0);
        var result = new List<EncodedToken>(first.Count + (second?.Count ?? 0) + 4) { new(clsId, 0, 0, 0, true) };
        result.AddRange(first);
        result.Add(new EncodedToken(sepId, 0, 0, 0, true));
        if (second is not null)
        {
            result.Add(new EncodedToken(sepId, 0, 0, 0, true));
            result.AddRange(second);
            result.Add(new EncodedToken(sepId, 0, 0, 0, true));
        }
        return result;
    }
}
