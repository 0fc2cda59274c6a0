using Halos.Abstractions.Metrics;

namespace Halos.Metrics.Csv;

/// <summary>Routes each record to its phase's <see cref="CsvTable"/>, opening tables on first use.</summary>
public sealed class CsvMetricSink : IMetricSink
{
    private readonly Dictionary<string, CsvTable> _tables = new(StringComparer.Ordinal);

    public CsvMetricSink(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public static string FileFor(string directory, string phase) => Path.Combine(directory, $"metrics.{phase}.csv");

    public void Log(MetricRecord record)
    {
        if (!_tables.TryGetValue(record.Phase, out var table))
            _tables[record.Phase] = table = new CsvTable(FileFor(Directory, record.Phase));
        table.Append(record);
    }

    public void Flush()
    {
        foreach (var table in _tables.Values) table.Flush();
    }

    public void Dispose()
    {
        foreach (var table in _tables.Values) table.Dispose();
        _tables.Clear();
    }
}
