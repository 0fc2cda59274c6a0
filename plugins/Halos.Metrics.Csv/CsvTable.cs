using System.Globalization;
using System.Text;
using Halos.Abstractions.Metrics;

namespace Halos.Metrics.Csv;

/// <summary>
/// One CSV file, <c>step,time,&lt;metric&gt;...</c>, appended to row by row. A resumed run continues the file
/// under its existing header. When a record brings a metric the header lacks (an eval-only metric appearing
/// late, say), the file is rewritten once with the wider header, older rows getting empty cells, so every row
/// always lines up with the header. Non-finite values are written as nan / inf / -inf, as pandas reads them.
/// </summary>
public sealed class CsvTable : IDisposable
{
    private const int FixedColumns = 2; // step, time
    private readonly List<string> _columns = [];
    private StreamWriter _writer;

    public CsvTable(string path)
    {
        Path = path;
        if (File.Exists(path) && File.ReadLines(path).FirstOrDefault() is { Length: > 0 } header)
            _columns.AddRange(Split(header).Skip(FixedColumns));
        _writer = OpenAppend();
        if (_writer.BaseStream.Length == 0) WriteHeader(_writer);
    }

    public string Path { get; }

    public IReadOnlyList<string> Columns => _columns;

    public void Append(MetricRecord record)
    {
        var added = record.Values.Keys.Where(k => !_columns.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0) Widen(added);
        var cells = new List<string>
        {
            record.Step.ToString(CultureInfo.InvariantCulture),
            record.Time.ToString("o", CultureInfo.InvariantCulture),
        };
        cells.AddRange(_columns.Select(c => record.Values.TryGetValue(c, out var v) ? Number(v) : ""));
        _writer.WriteLine(string.Join(',', cells.Select(Quote)));
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();

    private void Widen(IReadOnlyList<string> added)
    {
        _writer.Dispose();
        var oldColumns = _columns.Count;
        var rows = File.ReadLines(Path).Skip(1).ToList();
        _columns.AddRange(added);
        var temporary = Path + ".tmp";
        using (var rewrite = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
        {
            WriteHeader(rewrite);
            // Earlier rows never have the new metrics: pad them with empty cells.
            var padding = new string(',', added.Count);
            foreach (var row in rows)
                rewrite.WriteLine(Split(row).Count == FixedColumns + oldColumns ? row + padding : row);
        }
        File.Move(temporary, Path, overwrite: true);
        _writer = OpenAppend();
    }

    private StreamWriter OpenAppend() =>
        new(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));

    private void WriteHeader(StreamWriter writer) =>
        writer.WriteLine(string.Join(',', new[] { "step", "time" }.Concat(_columns).Select(Quote)));

    private static string Number(double v) =>
        double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting: a cell with a comma, quote or line break is quoted, quotes doubled.</summary>
    public static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    /// <summary>Splits one RFC 4180 line into cells.</summary>
    public static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
