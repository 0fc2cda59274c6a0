using Halos.Abstractions.Data;
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
    /// <summary>
    /// The KL rows of a collated unpaired microbatch: each example's own second sequence when it has one (its
    /// prompt with the <see cref="UnpairedExample.KlCompletion"/> the loop chose), else prompt i with completion i + 1.
    /// </summary>
    public static IReadOnlyList<TokenSequence> Build(IReadOnlyList<EncodedExample> batch, int maxLength = 0)
    {
        if (batch.All(e => e.Sequences.Count > 1)) return batch.Select(e => e.Sequences[1]).ToList();
        if (batch.Any(e => e.Sequences.Count > 1))
            throw new ArgumentException("some examples of the microbatch carry their KL completion and some do not; assign partners to the whole microbatch (WithPartners)");
        return Build(batch.Select(e => e.Sequences[0]).ToList(), maxLength);
    }

    /// <summary>
    /// The microbatch with each unpaired example's <see cref="UnpairedExample.KlCompletion"/> set to the completion of
    /// the next example (cyclically), the pairing <see cref="Build(IReadOnlyList{TokenSequence}, int)"/> makes. The
    /// training loop applies it to a data-parallel step's global microbatch before each rank takes its shard, so the
    /// KL pairs, and KTO's z0 over them, are those of one process running the whole microbatch.
    /// </summary>
    public static IReadOnlyList<Example> WithPartners(IReadOnlyList<Example> microbatch)
    {
        if (microbatch.Count == 0 || microbatch.Any(e => e is not UnpairedExample)) return microbatch;
        var result = new Example[microbatch.Count];
        for (var i = 0; i < microbatch.Count; i++)
            result[i] = ((UnpairedExample)microbatch[i]) with { KlCompletion = ((UnpairedExample)microbatch[(i + 1) % microbatch.Count]).Completion };
        return result;
    }

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
