using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Forward;
using Halos.Trainers.Metrics;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Trainer "sft": the policy's log-likelihood of each completion given its prompt, and for the logs the share of
/// completion tokens the policy ranks first (<c>mean_token_accuracy</c>, as TRL's SFT trainer reports it).
/// </summary>
public sealed class SftTrainer : StandardTrainer
{
    protected override StandardTrainer Fresh() => new SftTrainer();

    public override string Name => "sft";

    public override string Description => "Supervised fine-tuning: completion log-likelihood under the policy";

    public override IReadOnlyCollection<DataKind> Kinds => [DataKind.Sft];

    public override LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        var policy = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device, tokenAccuracy: true);
        var reference = loss.NeedsReference ? ReferenceLogProbs(batch, modules, loss) : null;
        return CompletionInputs.Of(policy, reference) with
        {
            Diagnostics = policy.CompletionCorrect() is { } correct ? new Dictionary<string, Tensor> { [LogitMetricNames.MeanTokenAccuracy] = correct } : null,
        };
    }
}
