using Halos.Abstractions.Plugins;

namespace Halos.Abstractions.Metrics;

/// <summary>A plugin that opens a metric sink for a run; profiles enable it by name in <c>Metrics:Sinks</c>.</summary>
public interface IMetricSinkPlugin : IHalosPlugin
{
    IMetricSink Open(MetricSinkContext context);
}
