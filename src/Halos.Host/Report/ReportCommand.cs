using Halos.Host.Cli;

namespace Halos.Host.Report;

/// <summary>
/// <c>halos report RUN_DIR [RUN_DIR ...] [--output report.html] [--table FILE.json ...]</c>: one self-contained HTML page
/// of one run or several compared, and each chart also as an SVG file in <c>&lt;output name&gt;_charts/</c>.
/// </summary>
public static class ReportCommand
{
    public const string Synopsis = "RUN_DIR [RUN_DIR ...] [--output report.html] [--table FILE.json ...]";

    public const string Usage = "usage: halos report " + Synopsis;

    public const string Summary = "Write one self-contained HTML page of runs' curves (overlaid when several), their differing configuration and eval tables";

    public static int Run(IReadOnlyList<string> args, HostIO io)
    {
        var folders = new List<string>();
        var tableFiles = new List<string>();
        string output = "report.html";
        for (var i = 0; i < args.Count; i++)
        {
            var hasValue = i + 1 < args.Count;
            switch (args[i])
            {
                case "--output" when hasValue: output = args[++i]; break;
                case "--table" when hasValue: tableFiles.Add(args[++i]); break;
                case "--output" or "--table": return Fail(io, $"{args[i]} expects a value\n{Usage}");
                case var option when option.StartsWith("--", StringComparison.Ordinal): return Fail(io, $"unknown option '{option}'\n{Usage}");
                default: folders.Add(args[i]); break;
            }
        }
        if (folders.Count == 0) return Fail(io, $"name at least one run folder (a Training:OutputDir)\n{Usage}");
        try
        {
            var runs = folders.Select(f => RunRecord.Load(Path.GetFullPath(f, io.WorkingDirectory))).ToList();
            Disambiguate(runs);
            var tables = tableFiles.Select(t => ReportTable.Load(Path.GetFullPath(t, io.WorkingDirectory))).ToList();
            var charts = ReportCharts.Build(runs);
            var path = Path.GetFullPath(output, io.WorkingDirectory);
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
            return Fail(io, e.Message);
        }
    }

    /// <summary>Runs from folders of one name (a/run, b/run) are told apart by their parent folder.</summary>
    private static void Disambiguate(List<RunRecord> runs)
    {
        for (var i = 0; i < runs.Count; i++)
            if (runs.Count(r => r.Name == runs[i].Name) > 1)
                runs[i] = runs[i] with { Name = Path.Combine(Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(runs[i].Folder))) ?? "", runs[i].Name) };
    }

    private static int Fail(HostIO io, string problem)
    {
        io.Error.WriteLine($"report: {problem}");
        return ExitCodes.UsageError;
    }
}
