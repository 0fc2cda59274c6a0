using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Forward;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Trainer "unpaired" (KTO): the policy (and reference) forward over each example's own completion, plus, when the
/// loss reads <c>PolicyKL</c>/<c>ReferenceKL</c>, both forwards under no-grad over the mismatched pairs the collator
/// built (prompt i with completion i+1 of the microbatch). The loss takes z0 as the mean over the microbatch.
/// </summary>
public sealed class UnpairedTrainer : StandardTrainer
{
    public override string Name => "unpaired";

    public override string Description => "Unpaired desirable/undesirable feedback (KTO): target forward plus no-grad KL mismatched pairs";

    public override IReadOnlyCollection<DataKind> Kinds => [DataKind.Unpaired];

    private static readonly string[] PolicyGradientInputs = ["Advantages", "Values", "Returns", "OldPolicyPerToken"];

    public override LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        if (ModelForward.Reads(loss, PolicyGradientInputs))
            throw new NotSupportedException(
                $"loss '{loss.Name}' reads {string.Join(", ", PolicyGradientInputs.Where(loss.Inputs.Contains))}: offline PPO needs a value head, which trainer '{Name}' does not build yet");
        var policy = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device);
        var reference = loss.NeedsReference ? ReferenceLogProbs(batch, modules, loss) : null;
        Tensor? policyKl = null, referenceKl = null;
        if (ModelForward.Reads(loss, "PolicyKL", "ReferenceKL"))
        {
            // The KL term is a reference point, not something to optimise: no gradients, as in the KTO paper.
            using (torch.no_grad()) policyKl = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device, "kl_").Sum();
            if (loss.NeedsReference) referenceKl = ReferenceLogProbs(batch, modules, loss, "kl_").Sum();
        }
        return new LossInputs
        {
            Policy = policy.Sum(),
            PolicyPerToken = policy.PerToken,
            Mask = policy.Mask,
            Lengths = policy.Lengths(),
            Reference = reference?.Sum(),
            ReferencePerToken = reference?.PerToken,
            PolicyKL = policyKl,
            ReferenceKL = referenceKl,
            Desirable = batch["desirable"].to(modules.Device),
        };
    }
}
