using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Halos.Host.Report;

/// <summary>
/// The report as one self-contained HTML page: the runs and what they were about to do (their <c>run.json</c>), the
/// configuration keys that differ between them, tables a caller adds, a chart per metric (inline SVG), and each run's
/// newest evaluation table. A Content-Security-Policy of <c>default-src 'none'</c> keeps the page from fetching anything.
/// </summary>
public static class ReportPage
{
    private const string Style = """
        body{font-family:sans-serif;margin:24px;color:#222;max-width:1700px}
        h1{font-size:22px}h2{font-size:17px;margin-top:28px}
        table{border-collapse:collapse;font-size:13px;margin:8px 0}
        th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .charts{display:flex;flex-wrap:wrap;gap:10px}.chart{border:1px solid #ddd}
        .note{color:#555;font-size:13px}
        """;

    public static string Render(IReadOnlyList<RunRecord> runs, IReadOnlyList<ReportChart> charts, IReadOnlyList<ReportTable> tables)
    {
        var html = new StringBuilder();
        var title = runs.Count == 1 ? $"halos report: {runs[0].Name}" : $"halos report: {string.Join(", ", runs.Select(r => r.Name))}";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append($"<title>{E(title)}</title><style>{Style}</style></head><body>")
            .Append($"<h1>{E(title)}</h1>");
        RunsTable(html, runs);
        if (runs.Count > 1) DifferingConfiguration(html, runs);
        foreach (var table in tables) Table(html, table.Title, table.Columns, table.Rows, table.Note);
        html.Append("<h2>Curves</h2><p class=\"note\">Against the optimiser step; training solid, evaluation dashed with markers.</p><div class=\"charts\">");
        foreach (var chart in charts) html.Append($"<div class=\"chart\" data-metric=\"{E(chart.Metric)}\">{chart.Svg}</div>");
        html.Append("</div>");
        foreach (var run in runs.Where(r => r.Predictions.Count > 0))
        {
            var step = run.Predictions.Max(p => p.Step);
            Table(html, $"{run.Name}: evaluation at step {step}", ["prompt", "chosen", "rejected", "chosen reward", "rejected reward", "margin"],
                run.Predictions.Where(p => p.Step == step).Select(p => (IReadOnlyList<string>)
                    [p.Prompt, p.Chosen, p.Rejected, Number(p.ChosenReward), Number(p.RejectedReward), Number(p.ChosenReward - p.RejectedReward)]).ToList(), null);
        }
        foreach (var run in runs.Where(r => r.Samples.Count > 0))
            Table(html, $"{run.Name}: sampled completions at step {run.Samples[0].Step}", ["prompt", "completion", "reward", "advantage", "per source"],
                run.Samples.Select(p => (IReadOnlyList<string>)
                    [p.Prompt, p.Completion, p.Reward is { } r ? Number(r) : "-", p.Advantage is { } a ? Number(a) : "-", p.Rewards]).ToList(),
                $"The first {RunRecord.SamplesShown} completions of the last rollout in {RunRecord.CompletionsFile}.");
        return html.Append("</body></html>\n").ToString();
    }

    private static readonly (string Label, Func<JsonObject, string?> Read)[] SummaryColumns =
    [
        ("examples", s => Integer(s["examples"])),
        ("epochs", s => s["epochs"]?.GetValue<double>().ToString("0.##", CultureInfo.InvariantCulture)),
        ("optimiser steps", s => Integer(s["optimizer_steps"])),
        ("global batch", s => Integer(s["global_batch_size"])),
        ("trainable / total parameters", s => s["parameters"] is JsonObject p ? $"{Integer(p["trainable"])} / {Integer(p["total"])}" + (p["lora"] is { } l ? $" (LoRA {Integer(l)})" : "") : null),
        ("reference", s => (string?)s["reference"]),
        ("precision", s => (string?)s["precision"]),
        ("world size", s => Integer(s["world_size"])),
        ("resumed from", s => s["resumed_from"] is JsonObject r ? (string?)r["checkpoint"] : ""),
    ];

    private static void RunsTable(StringBuilder html, IReadOnlyList<RunRecord> runs)
    {
        var finals = new[] { "loss", "rewards/accuracies" };
        List<string> columns = ["run", "loss", "trainer", .. SummaryColumns.Select(c => c.Label), .. finals.Select(f => $"last eval {f}")];
        var rows = runs.Select(run =>
        {
            var s = run.Summary ?? [];
            var lastEval = run.Metrics.LastOrDefault(m => m.Phase == "eval")?.Values;
            return (IReadOnlyList<string>)[run.Name, (string?)s["loss"] ?? "", (string?)s["trainer"] ?? "", .. SummaryColumns.Select(c => c.Read(s) ?? ""),
                .. finals.Select(f => lastEval is not null && lastEval.TryGetValue(f, out var v) ? Number(v) : "")];
        }).ToList();
        Table(html, "Runs", columns, rows, runs.Any(r => r.Summary is null) ? "A run without run.json (started before halos wrote one) shows its metrics only." : null);
    }

    private static void DifferingConfiguration(StringBuilder html, IReadOnlyList<RunRecord> runs)
    {
        var keys = runs.SelectMany(r => r.Configuration.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal)
            .Where(k => runs.Select(r => r.Configuration.GetValueOrDefault(k)).Distinct().Count() > 1).ToList();
        Table(html, "Configuration that differs", ["key", .. runs.Select(r => r.Name)],
            keys.Select(k => (IReadOnlyList<string>)[k, .. runs.Select(r => r.Configuration.GetValueOrDefault(k) ?? "(unset)")]).ToList(),
            keys.Count == 0 ? "The runs were started with the same configuration." : null);
    }

    private static void Table(StringBuilder html, string title, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, string? note)
    {
        html.Append($"<h2>{E(title)}</h2><table><tr>");
        foreach (var c in columns) html.Append($"<th>{E(c)}</th>");
        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append(IsNumber(cell) ? $"<td class=\"n\">{E(cell)}</td>" : $"<td>{E(cell)}</td>");
            html.Append("</tr>");
        }
        html.Append("</table>");
        if (note is not null) html.Append($"<p class=\"note\">{E(note)}</p>");
    }

    private static bool IsNumber(string cell) => cell.Length > 0 && double.TryParse(cell.TrimEnd('%').Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string? Integer(JsonNode? node) => node is null ? null : node.GetValue<long>().ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("G5", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
