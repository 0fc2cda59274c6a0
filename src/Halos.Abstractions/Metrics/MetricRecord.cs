namespace Halos.Abstractions.Metrics;

/// <summary>
/// Scalars logged at one step of one phase ("train", "eval"), e.g. loss, rewards/chosen,
/// rewards/accuracy, learning_rate. Names follow TRL's so dashboards carry over.
/// </summary>
public sealed record MetricRecord(long Step, string Phase, IReadOnlyDictionary<string, double> Values, DateTimeOffset Time);
