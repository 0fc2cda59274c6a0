using System.Diagnostics;
using Halos.Abstractions.Data;
using Halos.Abstractions.Running;
using Halos.Torch;
using Halos.Torch.NN;
using Halos.Torch.Distributed;
using Halos.Training.Distributed;
using Halos.Training.Metrics;

namespace Halos.Training.Loop;

/// <summary>
/// Runs the loss and the trainer's metrics over a fixed list of examples (the first <c>Training:EvalExamples</c>
/// of <c>Data:Eval</c>), in order, without gradients and with the trained module in eval mode. The same
/// examples every time, so evaluations along a run are comparable. In a data-parallel run each rank evaluates
/// its contiguous share and the metrics are summed with their counts over the ranks, so every rank returns the
/// metrics of the whole list. (A loss's batch-level statistic, such as KTO's z0, is then per rank's batch.)
/// </summary>
public sealed class Evaluator(MicrobatchForward forward, Module trained, IReadOnlyList<Example> examples, int batchSize, long seed, DistributedContext? ranks = null)
{
    public IReadOnlyList<Example> Examples { get; } = examples;

    /// <summary>Pairs of the reward-prediction table written after each evaluation (<c>Training:EvalShow</c>); 0 writes none.</summary>
    public int ShowPredictions { get; init; }

    /// <summary>Where the table goes.</summary>
    public TextWriter? PredictionOutput { get; init; }

    /// <summary>A JSON-lines file the table's rows are also appended to, tagged with the step (a training run's <c>eval_predictions.jsonl</c>).</summary>
    public string? PredictionFile { get; init; }

    /// <summary>The examples and batches this rank evaluated in its last <see cref="Run"/>.</summary>
    public (long Examples, long Batches) LastRun { get; private set; }

    /// <param name="step">The training step this evaluation follows, for <see cref="PredictionFile"/>.</param>
    public SortedDictionary<string, double> Run(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, long step = 0)
    {
        var share = ranks is { IsDistributed: true } r ? DataShard.Select(Examples, r.Rank, r.WorldSize) : Examples;
        var batches = share.Chunk(batchSize).ToList();
        var metrics = new MetricAccumulator();
        var clock = Stopwatch.StartNew();
        long seen = 0, tokens = 0;
        var table = ShowPredictions > 0 && PredictionOutput is not null && (ranks?.IsMainProcess ?? true) ? new RewardPredictionTable(ShowPredictions) : null;
        var wasTraining = trained.training;
        trained.eval();
        try
        {
            torch.manual_seed(StepSeed.ForEvaluation(seed));
            using var noGrad = torch.no_grad();
            for (var b = 0; b < batches.Count; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                using var pass = forward.Run(batches[b]);
                forward.CollectMetrics(pass, metrics);
                table?.Add(pass.Batch.Examples, pass.Inputs, pass.Result);
                seen += pass.Examples;
                tokens += pass.Tokens;
                progress?.Report(new TrainingProgress(MetricNames.EvalPhase, b + 1, batches.Count, seen, tokens, clock.Elapsed,
                    metrics.TryMean(MetricNames.Loss, out var loss) ? loss : null,
                    metrics.TryMean(MetricNames.RewardsAccuracies, out var accuracy) ? accuracy : null));
            }
        }
        finally
        {
            trained.train(wasTraining);
        }
        LastRun = (seen, batches.Count);
        if (table?.Render() is { Length: > 0 } text) PredictionOutput!.Write(text);
        if (PredictionFile is not null) table?.Append(PredictionFile, step);
        return LossMetrics.Finish(ranks is null ? metrics : CrossRankMetrics.Reduce(metrics, ranks));
    }
}
