using Halos.Abstractions.Metrics;

namespace Halos.Training.Tests.Support;

/// <summary>Metric sink "recording": keeps every record in memory.</summary>
public sealed class RecordingSinkPlugin : IMetricSinkPlugin
{
    public string Name => "recording";
    public List<MetricRecord> Records { get; } = [];
    public IMetricSink Open(Halos.Abstractions.Plugins.PluginContext context) => new Sink(Records);

    private sealed class Sink(List<MetricRecord> records) : IMetricSink
    {
        public void Log(MetricRecord record) => records.Add(record);
        public void Flush() { }
        public void Dispose() { }
    }

    public IReadOnlyList<MetricRecord> Phase(string phase) => Records.Where(r => r.Phase == phase).ToList();
}

/// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
public sealed class ProgressLog(Action<Abstractions.Running.TrainingProgress>? onReport = null) : IProgress<Abstractions.Running.TrainingProgress>
{
    public List<Abstractions.Running.TrainingProgress> Reports { get; } = [];

    public void Report(Abstractions.Running.TrainingProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
