namespace Halos.Abstractions.Metrics;

/// <summary>
/// Where metrics go: a file, a dashboard, the console. The training loop calls <see cref="Log"/> from
/// one thread, in step order; <see cref="IDisposable.Dispose"/> flushes and closes at the end of the run
/// (also when it is interrupted).
/// </summary>
public interface IMetricSink : IDisposable
{
    void Log(MetricRecord record);

    /// <summary>Makes everything logged so far durable (called before a checkpoint is written).</summary>
    void Flush();
}
