using Halos.Abstractions.Metrics;
using Halos.Abstractions.Options;
using Halos.Abstractions.Plugins;

namespace Halos.Metrics.Jsonl;

/// <summary>
/// The "jsonl" metric sink: appends <c>{"step":..,"phase":..,"time":..,"&lt;metric&gt;":..}</c> lines to
/// <c>Metrics:Options:jsonl:Path</c>, by default <c>metrics.jsonl</c> in the run's output folder. JSON lines
/// load directly with pandas.read_json(lines=True).
/// </summary>
public sealed class JsonlMetricSinkPlugin : IMetricSinkPlugin, IConfigurablePlugin
{
    public Type OptionsType => typeof(JsonlSinkOptions);

    public string Name => "jsonl";

    public string Description => "Appends each logged step as a JSON line (default: <output>/metrics.jsonl)";

    public IMetricSink Open(PluginContext context)
    {
        var output = context.RequiredOutputDirectory;
        var path = context.OptionsAs<JsonlSinkOptions>().Path is { Length: > 0 } configured
            ? Path.GetFullPath(configured, output)
            : Path.Combine(output, "metrics.jsonl");
        return new JsonlMetricSink(path);
    }
}

/// <summary>The sink's own settings, <c>Metrics:Options:jsonl:*</c>, checked by the host at start-up.</summary>
public sealed class JsonlSinkOptions
{
    /// <summary>The file the lines are appended to, relative to the run's output folder (default: metrics.jsonl there).</summary>
    public string? Path { get; set; }
}
