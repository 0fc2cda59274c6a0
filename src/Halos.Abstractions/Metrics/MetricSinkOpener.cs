namespace Halos.Abstractions.Metrics;

/// <summary>
/// A metric sink the run will open: its name and how to open it, with the host's <see cref="Plugins.PluginContext"/>
/// already bound. The loop opens it (rank 0 only) when the run starts writing metrics.
/// </summary>
public sealed record MetricSinkOpener(string Name, Func<IMetricSink> Open);
