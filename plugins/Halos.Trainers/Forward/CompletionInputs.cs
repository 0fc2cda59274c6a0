using Halos.Abstractions.Losses;

namespace Halos.Trainers.Forward;

/// <summary>
/// The loss inputs every one-completion-per-row trainer fills the same way (SFT, unpaired, grouped, offline PPO): the
/// policy's summed and per-token log-probs with their mask and lengths, and the reference's when the loss has one.
/// Each trainer adds its own fields with <c>with { ... }</c>.
/// </summary>
public static class CompletionInputs
{
    public static LossInputs Of(CompletionLogProbs policy, CompletionLogProbs? reference) => new()
    {
        Policy = policy.Sum(),
        PolicyPerToken = policy.PerToken,
        Mask = policy.Mask,
        Lengths = policy.Lengths(),
        Reference = reference?.Sum(),
        ReferencePerToken = reference?.PerToken,
    };
}
