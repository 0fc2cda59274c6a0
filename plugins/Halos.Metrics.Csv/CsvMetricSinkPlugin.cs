using Halos.Abstractions.Metrics;

namespace Halos.Metrics.Csv;

/// <summary>
/// The "csv" metric sink: <c>metrics.&lt;phase&gt;.csv</c> in the run's output folder (or in
/// <c>Metrics:Options:csv:Directory</c>), one row per logged step and one column per metric, for a spreadsheet
/// or pandas.read_csv.
/// </summary>
public sealed class CsvMetricSinkPlugin : IMetricSinkPlugin
{
    public string Name => "csv";

    public string Description => "Writes each phase's metrics as a CSV table (default: <output>/metrics.<phase>.csv)";

    public IMetricSink Open(MetricSinkContext context)
    {
        var directory = context.Options["Directory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, context.OutputDirectory)
            : context.OutputDirectory;
        return new CsvMetricSink(directory);
    }
}
