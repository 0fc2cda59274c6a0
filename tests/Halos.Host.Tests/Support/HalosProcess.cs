using System.Diagnostics;

namespace Halos.Host.Tests.Support;

/// <summary>Runs the real halos executable (dotnet halos.dll) as a separate process.</summary>
public static class HalosProcess
{
    public static CliResult Run(string workingDirectory, IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 60)
    {
        if (!File.Exists(RepoLayout.HostDll)) throw new FileNotFoundException($"the host is not built: {RepoLayout.HostDll}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoLayout.HostDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Keep the test's own HALOS__ variables (if any) out of the child.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("HALOS__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        if (environment is not null)
            foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"halos {string.Join(" ", args)} did not finish in {timeoutSeconds} s");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
