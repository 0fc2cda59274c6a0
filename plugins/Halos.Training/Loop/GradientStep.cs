using Halos.Abstractions.Data;
using Halos.Torch;
using Halos.Torch.Distributed;
using Halos.Torch.Optim;
using Halos.Training.Metrics;

namespace Halos.Training.Loop;

/// <summary>
/// The forward and backward passes of one optimiser step over its microbatches (gradient accumulation), the
/// gradient average across ranks, and the clipping that follows. Each microbatch backpropagates the sum of its
/// per-row losses; once every microbatch of every rank is done, the gradients are summed over the ranks and divided
/// by the step's loss rows on all ranks; the sum of each gradient bucket starts during the last backward, as soon as
/// the bucket's gradients are in (<see cref="GradientBuckets.Arm"/>). That is the gradient of the mean loss over the step's global batch, exactly
/// as one process running it would get, even when microbatches or shards differ in size, and per loss row: a grouped
/// batch (GRPO) averages over its completions, not its prompts. Gradients are reduced once per step, after the last
/// microbatch: accumulation never syncs in between. The optimiser update itself is the caller's.
/// </summary>
public sealed class GradientStep(MicrobatchForward forward, Optimizer optimizer, IReadOnlyList<Tensor> parameters, double maxGradNorm,
    DistributedContext ranks, GradientBuckets buckets)
{
    /// <param name="microbatches">This rank's share of each microbatch of the step.</param>
    /// <param name="stepExamples">The step's examples over all ranks (reported; the loss rows are the divisor).</param>
    /// <param name="stop">Cancelled when this rank is asked to stop (Ctrl+C); the ranks agree on it with the step's other flags.</param>
    public StepOutcome Run(IReadOnlyList<IReadOnlyList<Example>> microbatches, int stepExamples, CancellationToken stop)
    {
        optimizer.zero_grad();
        var metrics = new MetricAccumulator();
        long tokens = 0, rows = 0;
        string? skip = null;
        var last = LastNonEmpty(microbatches);
        for (var i = 0; i < microbatches.Count; i++)
        {
            if (microbatches[i].Count == 0) continue;
            using var scope = torch.NewDisposeScope();
            // After a non-finite loss the remaining forwards still run (their results unused): a forward may hold
            // a collective (KTO's z0), and every rank must enter the same ones.
            using var pass = forward.Run(microbatches[i]);
            if (skip is not null) continue;
            tokens += pass.Tokens;
            var lossSum = pass.Result.Losses.sum();
            var value = LossMetrics.Scalar(lossSum);
            if (!double.IsFinite(value))
            {
                skip = $"the loss is {Describe(value)} (microbatch {i + 1} of {microbatches.Count}{RankSuffix})";
                continue;
            }
            rows += pass.Result.Losses.numel();
            // The last backward of the step starts each gradient bucket's allreduce as soon as it is complete.
            if (i == last) buckets.Arm(ReduceOp.Sum);
            lossSum.backward();
            forward.CollectMetrics(pass, metrics);
        }

        // Every rank finishes the gradient sum before anything else, even a rank about to skip the step: collectives
        // must run in the same order everywhere, and other ranks may have started theirs during backward.
        buckets.AllReduce(ReduceOp.Sum);

        // One small collective per step: every rank's loss rows, tokens, and whether it was asked to stop or hit a non-finite loss.
        var reports = StepReports(rows, tokens, stop.IsCancellationRequested, skip is not null);
        var stopping = reports.Any(r => r.Stop);
        var skipping = Enumerable.Range(0, reports.Length).Where(r => reports[r].NonFinite).ToArray();
        tokens = reports.Sum(r => r.Tokens);
        if (skipping.Length > 0)
        {
            optimizer.zero_grad();
            return new StepOutcome(metrics, double.NaN, stepExamples, tokens, skip ?? $"rank(s) {string.Join(", ", skipping)} had a non-finite loss", stopping);
        }

        var stepRows = reports.Sum(r => r.Rows);
        using (torch.NewDisposeScope())
        using (torch.no_grad())
            foreach (var p in parameters)
                p.grad?.div_(stepRows);
        // Clipping returns the norm before clipping: that is the grad_norm worth logging. With clipping off the
        // norm is still measured, by "clipping" to infinity. Every rank holds the same averaged gradients, so
        // every rank reaches the same verdict here.
        var norm = GradientClipping.clip_grad_norm_(parameters, maxGradNorm > 0 ? maxGradNorm : double.PositiveInfinity);
        if (!double.IsFinite(norm))
        {
            optimizer.zero_grad();
            return new StepOutcome(metrics, norm, stepExamples, tokens, $"the gradient norm is {Describe(norm)} although the loss is finite", stopping);
        }
        return new StepOutcome(metrics, norm, stepExamples, tokens, null, stopping);
    }

    private static int LastNonEmpty(IReadOnlyList<IReadOnlyList<Example>> microbatches)
    {
        for (var i = microbatches.Count - 1; i >= 0; i--)
            if (microbatches[i].Count > 0) return i;
        return -1;
    }

    private readonly record struct StepReport(long Rows, long Tokens, bool Stop, bool NonFinite);

    private StepReport[] StepReports(long rows, long tokens, bool stopRequested, bool nonFinite)
    {
        using var scope = torch.NewDisposeScope();
        var mine = torch.tensor([rows, tokens, stopRequested ? 1L : 0L, nonFinite ? 1L : 0L], 4);
        var all = ranks.AllGather(mine).data<long>();
        return Enumerable.Range(0, all.Length / 4).Select(r => new StepReport(all[4 * r], all[4 * r + 1], all[4 * r + 2] != 0, all[4 * r + 3] != 0)).ToArray();
    }

    private string RankSuffix => ranks.IsDistributed ? $", rank {ranks.Rank}" : "";

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
}
