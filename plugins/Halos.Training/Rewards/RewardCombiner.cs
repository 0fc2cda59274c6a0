using Halos.Abstractions.Rewards;
using Halos.Training.Metrics;

namespace Halos.Training.Rewards;

/// <summary>The rewards of a batch of completions: each source's (null where it skipped one) and their weighted sum.</summary>
public sealed record RewardedBatch(double[] Totals, IReadOnlyList<(string Name, double?[] Values)> PerSource);

/// <summary>
/// Scores completions with every configured source and sums them by weight. A source's null leaves it out of that
/// completion's sum (as TRL sums reward functions with <c>nansum</c>); a completion every source skipped has a NaN
/// total, which the grouped trainer masks out of the loss.
/// </summary>
public sealed class RewardCombiner(IReadOnlyList<WeightedSource> sources) : IDisposable
{
    public IReadOnlyList<WeightedSource> Sources => sources;

    public RewardedBatch Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken)
    {
        var totals = new double[queries.Count];
        var any = new bool[queries.Count];
        var perSource = new List<(string, double?[])>();
        foreach (var source in sources)
        {
            var values = source.Function.Score(queries, cancellationToken).ToArray();
            if (values.Length != queries.Count)
                throw new InvalidOperationException($"reward source '{source.Function.Name}' returned {values.Length} rewards for {queries.Count} completions");
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is not { } v) continue;
                if (!double.IsFinite(v)) throw new InvalidOperationException($"reward source '{source.Function.Name}' gave {queries[i].RowId} the reward {v}; rewards must be finite (null skips)");
                totals[i] += source.Weight * v;
                any[i] = true;
            }
            perSource.Add((source.Function.Name, values));
        }
        for (var i = 0; i < totals.Length; i++)
            if (!any[i]) totals[i] = double.NaN;
        return new RewardedBatch(totals, perSource);
    }

    /// <summary>
    /// TRL's reward metrics: <c>reward</c> (the mean total), <c>reward_std</c> (the mean over groups of each group's
    /// standard deviation), and <c>rewards/NAME/mean</c> and <c>/std</c> over the completions each source scored.
    /// </summary>
    public static void Collect(RewardedBatch batch, int groupSize, MetricAccumulator into)
    {
        var scored = batch.Totals.Where(double.IsFinite).ToArray();
        if (scored.Length > 0) into.Add(MetricNames.Reward, scored.Sum(), scored.Length);
        for (var g = 0; g + groupSize <= batch.Totals.Length; g += groupSize)
        {
            var group = batch.Totals.Skip(g).Take(groupSize).Where(double.IsFinite).ToArray();
            if (group.Length > 1) into.Add(MetricNames.RewardStd, SpreadStatistics.SampleStd(group));
        }
        foreach (var (name, values) in batch.PerSource)
            SpreadStatistics.Add(into, $"rewards/{name}", values.OfType<double>().ToArray());
    }

    public void Dispose()
    {
        foreach (var s in sources) (s.Function as IDisposable)?.Dispose();
    }
}
