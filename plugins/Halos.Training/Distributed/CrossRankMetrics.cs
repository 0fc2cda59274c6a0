using Halos.Torch.Distributed;
using Halos.Training.Metrics;

namespace Halos.Training.Distributed;

/// <summary>
/// Logged metrics over all ranks: each is a sum with its count, so the result is the mean over every example of
/// every rank, never a mean of the ranks' means (which differ in size whenever shards are uneven). A metric some
/// rank lacks for an interval (KTO's rewards/chosen on a rank that saw only undesirable examples) counts nothing there.
/// </summary>
public static class CrossRankMetrics
{
    public static MetricAccumulator Reduce(MetricAccumulator local, DistributedContext ranks) =>
        ranks.IsDistributed ? MetricAccumulator.Of(ranks.AllReduceUnion(local.Totals())) : local;
}
