using Halos.Abstractions.Metrics;

namespace Halos.Trainers.Tests.Support;

/// <summary>Metric sink "recording": keeps every record in memory.</summary>
public sealed class RecordingSink : IMetricSinkPlugin, IMetricSink
{
    public string Name => "recording";
    public List<MetricRecord> Records { get; } = [];
    public IMetricSink Open(Halos.Abstractions.Plugins.PluginContext context) => this;
    public void Log(MetricRecord record) => Records.Add(record);
    public void Flush() { }
    public void Dispose() { }

    public IEnumerable<double> Train(string metric) =>
        Records.Where(r => r.Phase == "train" && r.Values.ContainsKey(metric)).Select(r => r.Values[metric]);
}
