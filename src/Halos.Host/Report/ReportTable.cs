using System.Text.Json;
using System.Text.Json.Serialization;

namespace Halos.Host.Report;

/// <summary>
/// A table a caller adds to the report (<c>halos report --table FILE.json</c>), such as the quickstart's held-out
/// accuracies: <c>{"title": "...", "columns": ["...", ...], "rows": [["...", ...], ...], "note": "..."}</c>.
/// </summary>
public sealed record ReportTable(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
    [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<string>> Rows,
    [property: JsonPropertyName("note")] string? Note = null)
{
    public static ReportTable Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--table {path}: no such file");
        ReportTable? table;
        try
        {
            table = JsonSerializer.Deserialize<ReportTable>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"--table {path}: {e.Message}; expected {{\"title\": ..., \"columns\": [...], \"rows\": [[...], ...]}}", e);
        }
        if (table?.Columns is null || table.Rows is null)
            throw new InvalidDataException($"--table {path}: expected {{\"title\": ..., \"columns\": [...], \"rows\": [[...], ...]}}");
        var wrong = table.Rows.Select((r, i) => (r, i)).FirstOrDefault(x => x.r.Count != table.Columns.Count);
        if (wrong.r is not null)
            throw new InvalidDataException($"--table {path}: rows[{wrong.i}] has {wrong.r.Count} cells, but there are {table.Columns.Count} columns");
        return table;
    }
}
