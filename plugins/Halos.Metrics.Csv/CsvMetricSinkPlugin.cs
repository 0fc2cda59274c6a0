using Halos.Abstractions.Metrics;
using Halos.Abstractions.Options;
using Halos.Abstractions.Plugins;

namespace Halos.Metrics.Csv;

/// <summary>
/// The "csv" metric sink: <c>metrics.&lt;phase&gt;.csv</c> in the run's output folder (or in
/// <c>Metrics:Options:csv:Directory</c>), one row per logged step and one column per metric, for a spreadsheet
/// or pandas.read_csv.
/// </summary>
public sealed class CsvMetricSinkPlugin : IMetricSinkPlugin, IConfigurablePlugin
{
    public Type OptionsType => typeof(CsvSinkOptions);

    public string Name => "csv";

    public string Description => "Writes each phase's metrics as a CSV table (default: <output>/metrics.<phase>.csv)";

    public IMetricSink Open(PluginContext context)
    {
        var output = context.RequiredOutputDirectory;
        var directory = context.OptionsAs<CsvSinkOptions>().Directory is { Length: > 0 } configured
            ? Path.GetFullPath(configured, output)
            : output;
        return new CsvMetricSink(directory);
    }
}

/// <summary>The sink's own settings, <c>Metrics:Options:csv:*</c>, checked by the host at start-up.</summary>
public sealed class CsvSinkOptions
{
    /// <summary>The folder of the CSV tables, relative to the run's output folder (default: the output folder).</summary>
    public string? Directory { get; set; }
}
