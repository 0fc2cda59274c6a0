using Halos.Abstractions.Metrics;

namespace Halos.Training.Metrics;

/// <summary>The run's open sinks as one: every record goes to each, in order; disposing closes them all.</summary>
public sealed class MetricSinks(IReadOnlyList<IMetricSink> sinks) : IDisposable
{
    public IReadOnlyList<IMetricSink> Sinks { get; } = sinks;

    public void Log(MetricRecord record)
    {
        foreach (var sink in Sinks) sink.Log(record);
    }

    public void Flush()
    {
        foreach (var sink in Sinks) sink.Flush();
    }

    public void Dispose()
    {
        List<Exception>? failures = null;
        foreach (var sink in Sinks)
        {
            try { sink.Dispose(); }
            catch (Exception e) { (failures ??= []).Add(e); }
        }
        if (failures is not null) throw new AggregateException("closing the metric sinks failed", failures);
    }
}
