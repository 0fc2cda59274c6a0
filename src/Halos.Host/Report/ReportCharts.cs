namespace Halos.Host.Report;

/// <summary>One chart of the report: a metric, and its SVG with every run's training and evaluation curves.</summary>
public sealed record ReportChart(string Metric, string Svg)
{
    /// <summary>A file name for the metric: <c>rewards/margins</c> → <c>rewards_margins.svg</c>.</summary>
    public string FileName => string.Concat(Metric.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_')) + ".svg";
}

/// <summary>
/// Which metrics get a chart, in what order, and their curves: the loop's standard metrics first, grouped as a TRL
/// user reads them (loss and optimisation, rewards, log-probs and logits, then the rest alphabetically), each run one
/// colour, training solid and evaluation dashed.
/// </summary>
public static class ReportCharts
{
    private static readonly string[] Order =
    [
        "loss", "learning_rate", "grad_norm", "tokens_per_second",
        "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies",
        "logps/chosen", "logps/rejected", "kl", "logits/chosen", "logits/rejected",
        "mean_token_accuracy", "num_tokens",
    ];

    /// <summary>Metrics that say where the run is, not how it goes; their curves are straight lines.</summary>
    private static readonly HashSet<string> Bookkeeping = ["epoch", "examples_per_second", "skipped_steps"];

    /// <summary>Colours that stay apart for the common kinds of colour blindness (Okabe and Ito's palette).</summary>
    public static readonly string[] Colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    public static IReadOnlyList<ReportChart> Build(IReadOnlyList<RunRecord> runs)
    {
        var names = runs.SelectMany(r => r.Metrics).SelectMany(m => m.Values.Keys).Distinct().Where(n => !Bookkeeping.Contains(n)).ToHashSet();
        var ordered = Order.Where(names.Contains).Concat(names.Except(Order).OrderBy(n => n, StringComparer.Ordinal));
        var charts = new List<ReportChart>();
        foreach (var metric in ordered)
        {
            var series = new List<ChartSeries>();
            for (var r = 0; r < runs.Count; r++)
                foreach (var phase in new[] { "train", "eval" })
                {
                    var points = runs[r].Metrics.Where(m => m.Phase == phase && m.Values.ContainsKey(metric))
                        .Select(m => ((double)m.Step, m.Values[metric])).ToList();
                    if (points.Count > 0)
                        series.Add(new ChartSeries(runs.Count == 1 ? phase : $"{runs[r].Name} {phase}", Colors[r % Colors.Length], phase == "eval", points));
                }
            charts.Add(new ReportChart(metric, SvgLineChart.Render(metric, series)));
        }
        return charts;
    }
}
