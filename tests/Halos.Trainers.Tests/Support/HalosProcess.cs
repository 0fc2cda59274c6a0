using System.Diagnostics;

namespace Halos.Trainers.Tests.Support;

/// <summary>Runs the real halos executable (dotnet halos.dll, built with its plugins by <c>dotnet build src/Halos.Host</c>).</summary>
public static class HalosProcess
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string HostDll => Path.Combine(TrainerRun.RepoRoot, "src", "Halos.Host", "bin", Configuration, "net10.0", "halos.dll");

    public static bool IsBuilt => File.Exists(HostDll) && Directory.Exists(Path.Combine(Path.GetDirectoryName(HostDll)!, "plugins", "Halos.Trainers"));

    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, IReadOnlyList<string> args, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("HALOS__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"halos {string.Join(" ", args)} did not finish in {timeoutSeconds} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
