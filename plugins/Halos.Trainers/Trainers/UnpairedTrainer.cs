using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Forward;
using Halos.Trainers.Metrics;
using Halos.Trainers.PolicyGradient;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Trainer "unpaired" (KTO): the policy (and reference) forward over each example's own completion, plus, when the
/// loss reads <c>PolicyKL</c>/<c>ReferenceKL</c>, both forwards under no-grad over the mismatched pairs the collator
/// built (prompt i with completion i+1 of the microbatch, or the partner the loop chose over a data-parallel global
/// microbatch). The loss takes z0 as the mean over the KL rows, which the loop gathers from every rank.
/// A loss that reads <c>Advantages</c>/<c>Values</c>/<c>Returns</c> (offline PPO) gets them from <see cref="OfflinePpoInputs"/>.
/// </summary>
public sealed class UnpairedTrainer : StandardTrainer
{
    protected override StandardTrainer Fresh() => new UnpairedTrainer();

    public override string Name => "unpaired";

    public override string Description => "Unpaired desirable/undesirable feedback (KTO): target forward plus no-grad KL mismatched pairs";

    public override IReadOnlyCollection<DataKind> Kinds => [DataKind.Unpaired];

    /// <summary>Besides the base's work, attaches PPO's value head to the policy when the loss reads values (<see cref="OfflinePpoInputs"/>).</summary>
    public override void Prepare(TrainerPreparation preparation)
    {
        base.Prepare(preparation);
        OfflinePpoInputs.Prepare(preparation);
    }

    public override LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        // Offline PPO (losses/ppo.csx): rewards, GAE advantages and returns, and the value head's values.
        if (ModelForward.Reads(loss, OfflinePpoInputs.PolicyGradientInputs))
            return OfflinePpoInputs.Compute(batch, modules, loss, loss.NeedsReference ? ReferenceLogProbs(batch, modules, loss) : null);
        var policy = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device);
        var reference = loss.NeedsReference ? ReferenceLogProbs(batch, modules, loss) : null;
        Tensor? policyKl = null, referenceKl = null;
        if (ModelForward.Reads(loss, "PolicyKL", "ReferenceKL"))
        {
            // The KL term is a reference point, not something to optimise: no gradients, as in the KTO paper.
            using (torch.no_grad()) policyKl = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device, "kl_").Sum();
            if (loss.NeedsReference) referenceKl = ReferenceLogProbs(batch, modules, loss, "kl_").Sum();
        }
        var desirable = batch["desirable"].to(modules.Device);
        return CompletionInputs.Of(policy, reference) with
        {
            Diagnostics = LogitDiagnostics.Of(policy.CompletionMeanLogits(desirable), policy.CompletionMeanLogits(desirable.logical_not())),
            PolicyKL = policyKl,
            ReferenceKL = referenceKl,
            Desirable = desirable,
        };
    }
}
