using Halos.Torch.Distributed;

namespace Halos.Training.Metrics;

/// <summary>
/// Running means of named metrics, each a (sum, count) pair, so microbatches of different sizes and the
/// steps of a logging interval weigh by how many values they contributed, not one vote each.
/// </summary>
public sealed class MetricAccumulator
{
    private readonly Dictionary<string, (double Sum, double Count)> _totals = new(StringComparer.Ordinal);

    public bool IsEmpty => _totals.Count == 0;

    public void Add(string name, double sum, double count)
    {
        if (count <= 0) return;
        var (s, c) = _totals.GetValueOrDefault(name);
        _totals[name] = (s + sum, c + count);
    }

    /// <summary>Adds one observation of a value.</summary>
    public void Add(string name, double value) => Add(name, value, 1);

    public void AddAll(MetricAccumulator other)
    {
        foreach (var (name, (sum, count)) in other._totals) Add(name, sum, count);
    }

    public bool TryMean(string name, out double mean)
    {
        if (_totals.TryGetValue(name, out var t)) { mean = t.Sum / t.Count; return true; }
        mean = double.NaN;
        return false;
    }

    /// <summary>Every metric's mean, in name order.</summary>
    public SortedDictionary<string, double> Means()
    {
        var means = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, (sum, count)) in _totals) means[name] = sum / count;
        return means;
    }

    public void Clear() => _totals.Clear();

    /// <summary>Every metric as a (sum, count) total, for combining across ranks.</summary>
    public IReadOnlyDictionary<string, MetricTotal> Totals() =>
        _totals.ToDictionary(t => t.Key, t => new MetricTotal(t.Value.Sum, t.Value.Count), StringComparer.Ordinal);

    /// <summary>An accumulator holding <paramref name="totals"/> (names with no count are left out).</summary>
    public static MetricAccumulator Of(IReadOnlyDictionary<string, MetricTotal> totals)
    {
        var accumulator = new MetricAccumulator();
        foreach (var (name, total) in totals) accumulator.Add(name, total.Sum, total.Count);
        return accumulator;
    }
}
