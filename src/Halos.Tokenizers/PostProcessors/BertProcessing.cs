namespace Halos.Tokenizers.PostProcessors;

/// <summary>[CLS] A [SEP] and [CLS] A [SEP] B [SEP], with type id 1 for the B part.</summary>
internal sealed class BertProcessing(int clsId, int sepId) : IPostProcessor
{
    public List<EncodedToken> Process(List<EncodedToken> first, List<EncodedToken>? second, bool addSpecialTokens, string original)
    {
        if (!addSpecialTokens) return EncodedTokenLists.Concat(first, second, 1);
        var result = new List<EncodedToken>(first.Count + (second?.Count ?? 0) + 3) { new(clsId, 0, 0, 0, true) };
        result.AddRange(first);
        result.Add(new EncodedToken(sepId, 0, 0, 0, true));
        if (second is not null)
        {
            result.AddRange(EncodedTokenLists.WithTypeId(second, 1));
            result.Add(new EncodedToken(sepId, 0, 0, 1, true));
        }
        return result;
    }
}
