using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Data.Batching;
using Halos.Torch;
using Halos.Trainers.Forward;

namespace Halos.Trainers.PolicyGradient;

/// <summary>
/// The loss inputs of HALOs' one-step offline PPO on unpaired feedback (PPOTrainer in ContextualAI/HALOs,
/// train/trainers.py). Each completion's reward is +1 (desirable) or −1 (undesirable) at its last token
/// (<see cref="TerminalRewards"/>); the policy's value head (<see cref="ValueHead"/>) gives per-token values;
/// advantages and returns come from GAE over the detached values with HALOs' γ = 0.99, λ = 0.95, and the advantages
/// are whitened over the microbatch (<see cref="GeneralizedAdvantageEstimation"/>). The values handed to the loss
/// keep their gradient, which reaches the head only. In the offline variant the reference model stands in for the
/// sampling policy, so <c>OldPolicyPerToken</c> is the reference's per-token log-probs.
/// </summary>
public static class OfflinePpoInputs
{
    /// <summary>The inputs only a policy-gradient trainer can supply.</summary>
    public static readonly string[] PolicyGradientInputs = ["Advantages", "Values", "Returns", "OldPolicyPerToken"];

    /// <summary>The inputs that need the value head.</summary>
    private static readonly string[] ValueInputs = ["Advantages", "Values", "Returns"];

    /// <summary>True when <paramref name="loss"/> reads values, advantages or returns, so the policy needs a value head.</summary>
    public static bool NeedsValueHead(ILossFunction loss) => ModelForward.Reads(loss, ValueInputs);

    /// <summary>
    /// The seed of the value head's initial weights: a function of <c>Training:Seed</c> alone, on a stream of its own
    /// (the loop's step and evaluation seeds use others), so two runs with one seed start from the same head.
    /// </summary>
    public static ulong HeadSeed(long runSeed) => SeededRandom.For(runSeed, -4).NextUInt64();

    /// <summary>
    /// Attaches the value head to the run's policy when the loss needs one (<see cref="ITrainerPlugin.Prepare"/>): the
    /// head saved in the policy's checkpoint folder (<see cref="TrainerPreparation.PolicyCheckpoint"/>) when it holds one,
    /// else a fresh head from the run seed. A resumed run then restores the head of its resume checkpoint over either.
    /// </summary>
    public static void Prepare(TrainerPreparation preparation)
    {
        if (NeedsValueHead(preparation.Loss))
            ValueHead.Attach(preparation.Modules.Policy, HeadSeed(preparation.Training.Seed), preparation.PolicyCheckpoint);
    }

    public static LossInputs Compute(Batch batch, TrainingModules modules, ILossFunction loss, CompletionLogProbs? reference)
    {
        if (ModelForward.Reads(loss, "OldPolicyPerToken") && reference is null)
            throw new NotSupportedException(
                $"loss '{loss.Name}' reads OldPolicyPerToken: in offline PPO the sampling policy is the reference model, so the loss must declare UsesReference()");
        var head = ValueHead.Of(modules.Policy)
                   ?? throw new InvalidOperationException(
                       $"loss '{loss.Name}' reads {string.Join(", ", ValueInputs.Where(loss.Inputs.Contains))}, but the policy has no value head; " +
                       "the trainer's Prepare attaches it before the first batch");
        var (policy, values) = PolicyValueForward.Run(modules.Policy, head, batch, modules.Device);
        var desirable = batch["desirable"].to(modules.Device);
        Tensor advantages, returns;
        using (var scope = torch.NewDisposeScope())
        {
            var rewards = TerminalRewards.AtLastToken(TerminalRewards.Scores(desirable), policy.Mask);
            var (raw, lambdaReturns) = GeneralizedAdvantageEstimation.Estimate(values, rewards, policy.Mask);
            advantages = GeneralizedAdvantageEstimation.Whiten(raw, policy.Mask);
            returns = lambdaReturns;
            scope.MoveToOuter(advantages, returns);
        }
        return CompletionInputs.Of(policy, reference) with
        {
            OldPolicyPerToken = reference?.PerToken,
            Desirable = desirable,
            Values = values,
            Advantages = advantages,
            Returns = returns,
        };
    }
}
