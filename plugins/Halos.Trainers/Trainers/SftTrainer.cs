using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Trainers.Forward;

namespace Halos.Trainers.Trainers;

/// <summary>Trainer "sft": the policy's log-likelihood of each completion given its prompt.</summary>
public sealed class SftTrainer : StandardTrainer
{
    public override string Name => "sft";

    public override string Description => "Supervised fine-tuning: completion log-likelihood under the policy";

    public override IReadOnlyCollection<DataKind> Kinds => [DataKind.Sft];

    public override LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        var policy = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device);
        var reference = loss.NeedsReference ? ReferenceLogProbs(batch, modules, loss) : null;
        return CompletionInputs.Of(policy, reference);
    }
}
