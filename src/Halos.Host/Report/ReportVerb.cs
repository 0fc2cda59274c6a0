using Halos.Host.Cli;

namespace Halos.Host.Report;

/// <summary>
/// <c>halos report RUN_DIR [RUN_DIR ...] [--output report.html] [--table FILE.json ...]</c>: one self-contained HTML page
/// of one run or several compared, and each chart also as an SVG file in <c>&lt;output name&gt;_charts/</c>.
/// </summary>
public sealed class ReportVerb : Verb
{
    public override string Name => "report";

    public override string Summary => "Write one self-contained HTML page of runs' curves (overlaid when several), their differing configuration and eval tables";

    public override string InputFormat =>
        "RUN_DIR: a run's output folder (Training:OutputDir): metrics.jsonl, run.json and its checkpoints' configuration.\n"
        + "--table: a JSON file {\"title\", \"columns\": [...], \"rows\": [[...], ...]}, shown as a table under the charts.";

    public override IReadOnlyList<VerbArgument> Arguments => [new("RUN_DIR", "a run folder to report on; several are compared", Required: true, Many: true)];

    public override IReadOnlyList<VerbOption> Options =>
    [
        new("--output", "FILE", "the HTML page to write (default: report.html); the SVGs go to <name>_charts/ beside it"),
        new("--table", "FILE", "an evaluation table to add (JSON; see input; default: none)") { Repeats = true },
    ];

    public override int Run(VerbContext context)
    {
        var io = context.IO;
        try
        {
            var runs = context.Arguments.Select(f => RunRecord.Load(Path.GetFullPath(f, io.WorkingDirectory))).ToList();
            Disambiguate(runs);
            var tables = context.Options("--table").Select(t => ReportTable.Load(Path.GetFullPath(t, io.WorkingDirectory))).ToList();
            var charts = ReportCharts.Build(runs);
            var path = Path.GetFullPath(context.Option("--output") ?? "report.html", io.WorkingDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, ReportPage.Render(runs, charts, tables));
            var chartFolder = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "_charts");
            Directory.CreateDirectory(chartFolder);
            foreach (var chart in charts) File.WriteAllText(Path.Combine(chartFolder, chart.FileName), chart.Svg + "\n");
            io.Out.WriteLine($"report: {path} ({runs.Count} run(s), {charts.Count} charts; SVGs in {chartFolder})");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
        {
            throw new InputException(e.Message, e);
        }
    }

    /// <summary>Runs from folders of one name (a/run, b/run) are told apart by their parent folder.</summary>
    private static void Disambiguate(List<RunRecord> runs)
    {
        for (var i = 0; i < runs.Count; i++)
            if (runs.Count(r => r.Name == runs[i].Name) > 1)
                runs[i] = runs[i] with { Name = Path.Combine(Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(runs[i].Folder))) ?? "", runs[i].Name) };
    }
}
