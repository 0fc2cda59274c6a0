namespace Halos.Torch.Distributed;

/// <summary>
/// A metric as a sum over examples and the number of examples, so that ranks (and steps) combine
/// exactly: the mean over all ranks is ΣSum / ΣCount, not the mean of the ranks' means, which is
/// wrong whenever ranks saw different numbers of examples.
/// </summary>
public readonly record struct MetricTotal(double Sum, double Count)
{
    public static MetricTotal Of(double mean, double count) => new(mean * count, count);

    /// <summary>Sum / Count, or NaN when nothing was counted.</summary>
    public double Mean => Count > 0 ? Sum / Count : double.NaN;

    public static MetricTotal operator +(MetricTotal a, MetricTotal b) => new(a.Sum + b.Sum, a.Count + b.Count);
}
