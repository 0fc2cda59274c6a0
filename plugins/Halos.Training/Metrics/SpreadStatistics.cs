using Halos.Torch.Distributed;

namespace Halos.Training.Metrics;

/// <summary>
/// A mean and standard deviation that survive being summed over logging intervals and ranks: the accumulator keeps
/// Σx and Σx² (as <c>NAME/mean</c> and a hidden <c>NAME/mean_of_squares</c>, both with their count), and
/// <see cref="Finish"/> turns them into <c>NAME/std</c>, the sample standard deviation (as <c>torch.std</c>) of every value.
/// </summary>
public static class SpreadStatistics
{
    private const string MeanSuffix = "/mean", SquaresSuffix = "/mean_of_squares", StdSuffix = "/std";

    public static void Add(MetricAccumulator into, string prefix, IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return;
        into.Add(prefix + MeanSuffix, values.Sum(), values.Count);
        into.Add(prefix + SquaresSuffix, values.Sum(v => v * v), values.Count);
    }

    /// <summary>Replaces each hidden mean of squares with the standard deviation it gives.</summary>
    public static void Finish(SortedDictionary<string, double> means, IReadOnlyDictionary<string, MetricTotal> totals)
    {
        foreach (var name in means.Keys.Where(k => k.EndsWith(SquaresSuffix, StringComparison.Ordinal)).ToList())
        {
            var prefix = name[..^SquaresSuffix.Length];
            var squares = means[name];
            means.Remove(name);
            if (!means.TryGetValue(prefix + MeanSuffix, out var mean) || !totals.TryGetValue(name, out var total)) continue;
            var n = total.Count;
            means[prefix + StdSuffix] = n > 1 ? Math.Sqrt(Math.Max(0, squares - mean * mean) * n / (n - 1)) : 0;
        }
    }

    public static double SampleStd(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
