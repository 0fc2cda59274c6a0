using Halos.Data.Tokenization;

namespace Halos.Data.Batching;

/// <summary>
/// The mismatched (prompt, completion) pairs behind KTO's KL reference point (Ethayarajh et al. 2024, §4.1):
/// in a microbatch of B examples, prompt i is paired with completion (i + 1) mod B, so the estimate uses
/// completions the policy was not conditioned to produce. A pair longer than <paramref name="maxLength"/>
/// loses the end of its completion.
/// </summary>
public static class KtoMismatchedPairs
{
    public static IReadOnlyList<TokenSequence> Build(IReadOnlyList<TokenSequence> batch, int maxLength = 0)
    {
        var pairs = new TokenSequence[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var prompt = batch[i].PromptIds;
            var completion = batch[(i + 1) % batch.Count].CompletionIds;
            if (maxLength > 0 && prompt.Length + completion.Length > maxLength)
                completion = completion[..Math.Max(0, maxLength - prompt.Length)];
            pairs[i] = TokenSequence.Concat(prompt, completion);
        }
        return pairs;
    }
}
