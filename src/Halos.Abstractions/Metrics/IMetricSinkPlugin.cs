using Halos.Abstractions.Plugins;

namespace Halos.Abstractions.Metrics;

/// <summary>
/// A plugin that opens a metric sink for a run; profiles enable it by name in <c>Metrics:Sinks</c>. The context carries
/// the run's output folder and name, and the sink's own settings (<c>Metrics:Options:&lt;name&gt;</c>). Only rank 0
/// of a data-parallel run opens sinks.
/// </summary>
public interface IMetricSinkPlugin : IHalosPlugin
{
    IMetricSink Open(PluginContext context);
}
