using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Trainers.Forward;
using Halos.Trainers.Metrics;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Trainer "paired" (DPO, IPO, SimPO, ORPO, ...): one policy forward over the 2B concatenated rows (the B chosen
/// sequences, then the B rejected ones, as the collator lays them out) and, for losses that use one, one reference
/// forward over the same rows. Summed and per-token log-probs, masks and lengths of both sides.
/// </summary>
public sealed class PairedPreferenceTrainer : StandardTrainer
{
    protected override StandardTrainer Fresh() => new PairedPreferenceTrainer();

    public override string Name => "paired";

    public override string Description => "Paired preferences (DPO family): policy and reference over concatenated chosen and rejected";

    public override IReadOnlyCollection<DataKind> Kinds => [DataKind.Paired];

    public override LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        var pairs = batch.Count;
        var policy = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device);
        var (chosen, rejected) = (policy.Rows(0, pairs), policy.Rows(pairs, pairs));
        CompletionLogProbs? referenceChosen = null, referenceRejected = null;
        if (loss.NeedsReference)
        {
            var reference = ReferenceLogProbs(batch, modules, loss);
            (referenceChosen, referenceRejected) = (reference.Rows(0, pairs), reference.Rows(pairs, pairs));
        }
        return new LossInputs
        {
            PolicyChosen = chosen.Sum(),
            PolicyRejected = rejected.Sum(),
            PolicyChosenPerToken = chosen.PerToken,
            PolicyRejectedPerToken = rejected.PerToken,
            ReferenceChosen = referenceChosen?.Sum(),
            ReferenceRejected = referenceRejected?.Sum(),
            ReferenceChosenPerToken = referenceChosen?.PerToken,
            ReferenceRejectedPerToken = referenceRejected?.PerToken,
            ChosenMask = chosen.Mask,
            RejectedMask = rejected.Mask,
            ChosenLengths = chosen.Lengths(),
            RejectedLengths = rejected.Lengths(),
            Diagnostics = LogitDiagnostics.Of(chosen.CompletionMeanLogits(), rejected.CompletionMeanLogits()),
        };
    }
}
