using Halos.Abstractions.Metrics;
using Halos.Abstractions.Options;
using Halos.Abstractions.Plugins;

namespace Halos.Metrics.TensorBoard;

/// <summary>
/// The "tensorboard" metric sink: event files under <c>&lt;output&gt;/tensorboard/</c> (or
/// <c>Metrics:Options:tensorboard:Directory</c>); <c>tensorboard --logdir runs/</c> shows every run.
/// </summary>
public sealed class TensorBoardMetricSinkPlugin : IMetricSinkPlugin, IConfigurablePlugin
{
    public Type OptionsType => typeof(TensorBoardSinkOptions);

    public string Name => "tensorboard";

    public string Description => "Writes TensorBoard event files (default: <output>/tensorboard/)";

    public IMetricSink Open(PluginContext context)
    {
        var output = context.RequiredOutputDirectory;
        var directory = context.OptionsAs<TensorBoardSinkOptions>().Directory is { Length: > 0 } configured
            ? Path.GetFullPath(configured, output)
            : Path.Combine(output, "tensorboard");
        return new TensorBoardMetricSink(directory, DateTimeOffset.UtcNow);
    }
}

/// <summary>The sink's own settings, <c>Metrics:Options:tensorboard:*</c>, checked by the host at start-up.</summary>
public sealed class TensorBoardSinkOptions
{
    /// <summary>The folder of the event files, relative to the run's output folder.</summary>
    public string? Directory { get; set; }
}
