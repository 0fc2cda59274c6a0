using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Plugins;

namespace CsvPreferenceLoader;

/// <summary>
/// Loads preference pairs from a CSV file with a header row naming at least <c>prompt</c>, <c>chosen</c> and
/// <c>rejected</c> (in any order; an optional <c>margin</c> column is the strength of preference). Options
/// (<c>Data:Options</c>): <c>Delimiter</c>, one character, default ','.
/// It keeps no state between calls, so the plugin is its own per-run loader.
/// </summary>
public sealed class CsvPreferenceLoader : ILoaderPlugin, ILoader
{
    private static readonly string[] RequiredColumns = ["prompt", "chosen", "rejected"];

    public string Name => "csv-preferences";

    public string Description => "Preference pairs from CSV (prompt, chosen, rejected[, margin])";

    public IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Paired, DataKind.Scored];

    public ILoader CreateLoader(PluginContext context) => this;

    public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default)
    {
        if (!Kinds.Contains(source.Kind))
            throw new ArgumentException($"csv-preferences yields preference pairs (paired, scored), not {source.Kind}");
        var delimiter = source.Options["Delimiter"] switch
        {
            null or "" => ',',
            { Length: 1 } d => d[0],
            var d => throw new DataFormatException(source.Location, null, $"Data:Options:Delimiter is '{d}'; expected a single character"),
        };
        if (!File.Exists(source.Location)) throw new DataFormatException(source.Location, null, "file not found");
        return Read(source, delimiter, cancellationToken);
    }

    private static IEnumerable<Example> Read(DataSource source, char delimiter, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source.Location);
        var csv = new CsvRecordReader(reader, delimiter, source.Location);
        if (csv.Next() is not { } header) throw new DataFormatException(source.Location, 1, "the file is empty; expected a header row (prompt,chosen,rejected)");
        var columns = header.Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = RequiredColumns.Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new DataFormatException(source.Location, 1, $"the header lacks {string.Join(", ", missing)}; expected columns prompt,chosen,rejected (and optionally margin), got {string.Join(",", columns)}");
        int prompt = columns.IndexOf("prompt"), chosen = columns.IndexOf("chosen"), rejected = columns.IndexOf("rejected"), margin = columns.IndexOf("margin");

        long count = 0;
        while (csv.Next() is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Fields.Count != columns.Count)
                throw new DataFormatException(source.Location, record.Line, $"expected {columns.Count} fields ({string.Join(",", columns)}), got {record.Fields.Count}");
            double? strength = null;
            if (margin >= 0 && record.Fields[margin].Length > 0)
            {
                if (!double.TryParse(record.Fields[margin], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var m))
                    throw new DataFormatException(source.Location, record.Line, $"margin '{record.Fields[margin]}' is not a number");
                strength = m;
            }
            yield return new PairedExample($"{Path.GetFileName(source.Location)}:{record.Line}",
                Prompt.FromText(record.Fields[prompt]), record.Fields[chosen], record.Fields[rejected], strength);
            if (source.Limit > 0 && ++count >= source.Limit) yield break;
        }
    }
}
