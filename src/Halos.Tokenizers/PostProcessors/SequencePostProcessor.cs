namespace Halos.Tokenizers.PostProcessors;

/// <summary>
/// Runs processors in order. Only the first sees the pair separately; the rest see the merged
/// result, which is how Llama 3 chains ByteLevel offset trimming with a BOS template.
/// </summary>
internal sealed class SequencePostProcessor(IReadOnlyList<IPostProcessor> steps) : IPostProcessor
{
    public List<EncodedToken> Process(List<EncodedToken> first, List<EncodedToken>? second, bool addSpecialTokens, string original)
    {
        if (steps.Count == 0) return EncodedTokenLists.Concat(first, second, 1);
        // Offset-only steps (ByteLevel) keep the pair apart so a later template can still place B.
        var index = 0;
        while (index < steps.Count - 1 && steps[index] is ByteLevelPostProcessor byteLevel)
        {
            first = byteLevel.Process(first, null, addSpecialTokens, original);
            if (second is not null) second = byteLevel.Process(second, null, addSpecialTokens, original);
            index++;
        }
        var result = steps[index].Process(first, second, addSpecialTokens, original);
        for (var k = index + 1; k < steps.Count; k++) result = steps[k].Process(result, null, addSpecialTokens, original);
        return result;
    }
}
