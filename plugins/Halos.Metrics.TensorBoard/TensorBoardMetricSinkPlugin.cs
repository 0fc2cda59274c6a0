using Halos.Abstractions.Metrics;

namespace Halos.Metrics.TensorBoard;

/// <summary>
/// The "tensorboard" metric sink: event files under <c>&lt;output&gt;/tensorboard/</c> (or
/// <c>Metrics:Options:tensorboard:Directory</c>); <c>tensorboard --logdir runs/</c> shows every run.
/// </summary>
public sealed class TensorBoardMetricSinkPlugin : IMetricSinkPlugin
{
    public string Name => "tensorboard";

    public string Description => "Writes TensorBoard event files (default: <output>/tensorboard/)";

    public IMetricSink Open(MetricSinkContext context)
    {
        var directory = context.Options["Directory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, context.OutputDirectory)
            : Path.Combine(context.OutputDirectory, "tensorboard");
        return new TensorBoardMetricSink(directory, DateTimeOffset.UtcNow);
    }
}
