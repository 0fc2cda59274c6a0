using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Quickstart;

/// <summary>
/// Runs the real <c>halos</c> host (<c>dotnet halos.dll VERB ...</c>) from the repository root, so profiles, loss
/// scripts and plugins resolve exactly as for a user. The command is echoed, its output kept in a log file, and the
/// "  name = value" metric lines it ends with are parsed.
/// </summary>
public sealed class HalosCommand(string repositoryRoot, string hostDll, string logFolder, TextWriter echo)
{
    private static readonly Regex MetricLine = new(@"^\s+(\S+) = (\S+)$", RegexOptions.Multiline);

    public IReadOnlyDictionary<string, double> Run(string label, IReadOnlyList<string> arguments)
    {
        echo.WriteLine($"$ halos {string.Join(' ', arguments.Select(Quote))}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {hostDll}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var output = stdout.Result;
        var log = Path.Combine(logFolder, label + ".log");
        File.WriteAllText(log, $"$ halos {string.Join(' ', arguments.Select(Quote))}\n{output}\n--- stderr ---\n{stderr.Result}");
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"halos {arguments[0]} ({label}) exited with code {process.ExitCode}; its output is in {log}:\n{Tail(stderr.Result + output)}");
        echo.WriteLine($"  done in {clock.Elapsed.TotalSeconds:F1} s (log: {log})");
        return MetricLine.Matches(output).ToDictionary(m => m.Groups[1].Value,
            m => double.Parse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static string Quote(string argument) => argument.Contains(' ') ? $"\"{argument}\"" : argument;

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];
}
