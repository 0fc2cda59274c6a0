using Microsoft.Extensions.Logging;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Forward;
using Halos.Trainers.Metrics;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Trainer "reward": a sequence-classification model (the trained module) scores every row where transformers reads it
/// (the rightmost id that is not the config's pad_token_id: with pad == eos, the token before the appended EOS).
/// Scored pairs (Bradley-Terry): the 2B rows give r⁺ and r⁻, with the pair's optional margin. Ranked lists
/// (Plackett-Luce, rank_list): the B·N rows give scores [B, N], best first, with the mask of the items that exist.
/// </summary>
public sealed class RewardModelTrainer : StandardTrainer
{
    protected override StandardTrainer Fresh() => new RewardModelTrainer();

    public override string Name => "reward";

    public override string Description => "Reward models on the sequence-classification head: Bradley-Terry pairs (with margin) and ranked lists";

    public override IReadOnlyCollection<DataKind> Kinds => [DataKind.Scored, DataKind.Ranked];

    /// <summary>Warns, before the first step, about rows whose score transformers before v4.48 would read elsewhere.</summary>
    public override void Prepare(TrainerPreparation preparation)
    {
        base.Prepare(preparation);
        if (preparation.Modules.Policy is not Abstractions.Models.ISequenceScorer { PadTokenId: { } pad }) return;
        var modules = preparation.Modules;
        var warning = PadBeforeLastToken.Check(preparation, pad,
            examples => Collate(examples, preparation.Loss.Kind, modules.Tokenizer, preparation.Collate));
        if (warning is not null) Log.LogWarning("{Warning}", warning);
    }

    public override LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        var scores = ModelForward.Scores(modules.Policy, batch, modules.Device);
        if (batch.Kind == DataKind.Ranked)
        {
            var present = batch["list_mask"].to(modules.Device);
            return new LossInputs { RankedScores = scores.view(present.size(0), present.size(1)), RankedMask = present };
        }
        var pairs = batch.Count;
        return new LossInputs
        {
            ChosenScores = scores.narrow(0, 0, pairs),
            RejectedScores = scores.narrow(0, pairs, pairs),
            Margin = batch.Tensors.TryGetValue("margin", out var margin) ? margin.to(modules.Device) : null,
        };
    }

    /// <summary>
    /// For ranked lists, what paired batches get from the loop's standard metrics: accuracy and mean margin over all
    /// ordered pairs. For both kinds, the mean and spread of the scores (the spread is within each microbatch).
    /// </summary>
    public override IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result)
    {
        using var scope = torch.NewDisposeScope();
        var metrics = new Dictionary<string, double>();
        Tensor all;
        if (inputs.RankedScores is { } ranked && inputs.RankedMask is { } present)
        {
            var (accuracy, margin, pairs) = RankedPairs.Of(ranked, present);
            if (pairs > 0)
            {
                metrics[RewardMetricNames.Accuracies] = accuracy;
                metrics[RewardMetricNames.Margins] = margin;
            }
            all = ranked.detach().masked_select(present);
        }
        else if (inputs.ChosenScores is { } chosen && inputs.RejectedScores is { } rejected)
            all = torch.cat([chosen.detach(), rejected.detach()]);
        else return metrics;
        var values = all.to(ScalarType.Float64);
        metrics[RewardMetricNames.Mean] = values.mean().item<double>();
        if (values.numel() > 1) metrics[RewardMetricNames.Std] = values.std().item<double>();
        return metrics;
    }
}
