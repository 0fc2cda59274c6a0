using System.Text.Json;
using System.Text.Json.Nodes;

namespace Halos.Host.Report;

/// <summary>One logged line of a run: its step, phase (train or eval) and metric values (a null in the file, a diverged value, is left out).</summary>
public sealed record LoggedValues(long Step, string Phase, IReadOnlyDictionary<string, double> Values);

/// <summary>One row of an evaluation's reward-prediction table, as <c>eval_predictions.jsonl</c> holds it.</summary>
public sealed record PredictionRow(long Step, string Prompt, string Chosen, string Rejected, double ChosenReward, double RejectedReward);

/// <summary>One sampled completion of an online run, as <c>completions.jsonl</c> holds it (the report's table of samples).</summary>
public sealed record SampledRow(long Step, string Prompt, string Completion, double? Reward, double? Advantage, string Rewards);

/// <summary>
/// What <c>halos report</c> reads from a run folder: the metrics a run logged (<c>metrics.jsonl</c>), its start-up summary
/// and configuration (<c>run.json</c>, else the newest checkpoint's <c>run_config.json</c>), and the evaluation tables
/// (<c>eval_predictions.jsonl</c>) when the run showed some.
/// </summary>
public sealed record RunRecord(string Name, string Folder, IReadOnlyList<LoggedValues> Metrics, JsonObject? Summary,
    IReadOnlyDictionary<string, string> Configuration, IReadOnlyList<PredictionRow> Predictions)
{
    public const string CompletionsFile = "completions.jsonl";

    /// <summary>An online run's sampled completions of the last logged rollout (at most <see cref="SamplesShown"/>); empty offline.</summary>
    public IReadOnlyList<SampledRow> Samples { get; init; } = [];

    public const int SamplesShown = 16;

    public const string MetricsFile = "metrics.jsonl";
    public const string SummaryFile = "run.json";
    public const string PredictionsFile = "eval_predictions.jsonl";

    public static RunRecord Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new FileNotFoundException($"{folder}: no such run folder (expected a Training:OutputDir holding {MetricsFile})");
        var metricsPath = Path.Combine(folder, MetricsFile);
        if (!File.Exists(metricsPath))
            throw new FileNotFoundException($"{metricsPath}: not found; halos report reads the metrics the jsonl sink writes (Metrics:Sinks must include jsonl)");
        var summaryPath = Path.Combine(folder, SummaryFile);
        var summary = File.Exists(summaryPath) ? JsonNode.Parse(File.ReadAllText(summaryPath)) as JsonObject : null;
        return new RunRecord(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))), folder, ReadMetrics(metricsPath),
            summary, ReadConfiguration(folder, summary), ReadPredictions(Path.Combine(folder, PredictionsFile)))
        {
            Samples = ReadSamples(Path.Combine(folder, CompletionsFile)),
        };
    }

    /// <summary>The first <see cref="SamplesShown"/> completions of the last step in <c>completions.jsonl</c>.</summary>
    private static IReadOnlyList<SampledRow> ReadSamples(string path)
    {
        if (!File.Exists(path)) return [];
        var rows = new List<SampledRow>();
        foreach (var row in JsonLines(path, "a completion record with \"step\", \"prompt\" and \"completion\"", SampledRowOf))
        {
            if (rows.Count > 0 && row.Step != rows[0].Step) rows.Clear();
            if (rows.Count < SamplesShown) rows.Add(row);
        }
        return rows;
    }

    private static SampledRow SampledRowOf(JsonElement r)
    {
        static double? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        var sources = r.TryGetProperty("rewards", out var each) && each.ValueKind == JsonValueKind.Object
            ? string.Join(", ", each.EnumerateObject().Select(p => $"{p.Name} {(p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble().ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : "-")}"))
            : "";
        return new SampledRow(r.GetProperty("step").GetInt64(), r.GetProperty("prompt").GetString() ?? "", r.GetProperty("completion").GetString() ?? "",
            Optional(r, "reward"), Optional(r, "advantage"), sources);
    }

    private static IReadOnlyList<LoggedValues> ReadMetrics(string path) =>
        JsonLines(path, "a JSON object with \"step\", \"phase\" and metric values", root =>
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
                if (property.Name is not ("step" or "phase" or "time") && property.Value.ValueKind == JsonValueKind.Number)
                    values[property.Name] = property.Value.GetDouble();
            return new LoggedValues(root.GetProperty("step").GetInt64(), root.GetProperty("phase").GetString() ?? "train", values);
        }).ToList();

    /// <summary>
    /// Each non-blank line of a JSON-lines file through <paramref name="read"/>; a line that is not JSON, or lacks or
    /// mistypes a field <paramref name="read"/> needs, is an error naming the file, the line and <paramref name="expected"/>.
    /// </summary>
    private static IEnumerable<T> JsonLines<T>(string path, string expected, Func<JsonElement, T> read)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            T value;
            try
            {
                using var json = JsonDocument.Parse(line);
                value = read(json.RootElement);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{number}: expected {expected} ({e.Message})", e);
            }
            yield return value;
        }
    }

    /// <summary>The flattened configuration the run was started with.</summary>
    private static IReadOnlyDictionary<string, string> ReadConfiguration(string folder, JsonObject? summary)
    {
        var configuration = new SortedDictionary<string, string>(StringComparer.Ordinal);
        JsonObject? source = summary?["configuration"] as JsonObject;
        if (source is null)
        {
            var newest = Directory.EnumerateDirectories(folder, "checkpoint-*")
                .Select(d => (Folder: d, Step: long.TryParse(Path.GetFileName(d)["checkpoint-".Length..], out var s) ? s : -1))
                .Where(c => c.Step >= 0 && File.Exists(Path.Combine(c.Folder, "run_config.json")))
                .OrderBy(c => c.Step).LastOrDefault();
            if (newest.Folder is not null) source = JsonNode.Parse(File.ReadAllText(Path.Combine(newest.Folder, "run_config.json"))) as JsonObject;
        }
        foreach (var (key, value) in source ?? [])
            if (value is not null) configuration[key] = value.ToString();
        return configuration;
    }

    private static IReadOnlyList<PredictionRow> ReadPredictions(string path)
    {
        if (!File.Exists(path)) return [];
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l))
            .Select((l, i) => JsonSerializer.Deserialize<PredictionRow>(l, options) ?? throw new InvalidDataException($"{path}:{i + 1}: empty row"))
            .ToList();
    }
}
