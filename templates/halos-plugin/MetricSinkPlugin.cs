using System.Globalization;
using Halos.Abstractions.Metrics;
using Halos.Abstractions.Plugins;

namespace HalosPlugin;

/// <summary>
/// The metric sink "my-plugin": one line per logged value, <c>step phase metric value</c> separated by tabs, in
/// <c>metrics.tsv</c> of the run's output folder (or <c>Metrics:Options:my-plugin:File</c>). Use it with
/// <c>--Metrics:Sinks:0=my-plugin</c>.
/// </summary>
public sealed class MetricSinkPlugin : IMetricSinkPlugin, IConfigurablePlugin
{
    public string Name => "my-plugin";

    public string Description => "Writes each logged value as a tab-separated line";

    /// <summary>The host checks <c>Metrics:Options:my-plugin</c> against this class at start-up.</summary>
    public Type OptionsType => typeof(SinkOptions);

    /// <summary>Opened once per run (on rank 0), with the run's output folder and the sink's checked settings.</summary>
    public IMetricSink Open(PluginContext context) =>
        new TsvSink(Path.GetFullPath(context.OptionsAs<SinkOptions>().File, context.RequiredOutputDirectory));

    private sealed class TsvSink(string path) : IMetricSink
    {
        private readonly StreamWriter _writer = new(path, append: true);

        public void Log(MetricRecord record)
        {
            foreach (var (name, value) in record.Values)
                _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{record.Step}\t{record.Phase}\t{name}\t{value:R}"));
        }

        public void Flush() => _writer.Flush();

        public void Dispose() => _writer.Dispose();
    }
}

/// <summary>The sink's settings, <c>Metrics:Options:my-plugin:*</c>.</summary>
public sealed class SinkOptions
{
    /// <summary>The file, relative to the run's output folder.</summary>
    public string File { get; set; } = "metrics.tsv";
}
