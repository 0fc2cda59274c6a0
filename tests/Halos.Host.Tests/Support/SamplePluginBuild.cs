using System.Diagnostics;

namespace Halos.Host.Tests.Support;

/// <summary>
/// Builds samples/CsvPreferenceLoader once per test run with the real SDK (<c>dotnet build</c>), as a team
/// would build its plugin. Its project references (Halos.Abstractions) were already built with this test
/// project, so they are not rebuilt.
/// </summary>
public sealed class SamplePluginBuild
{
    public SamplePluginBuild()
    {
        var project = Path.Combine(RepoLayout.Root, "samples", "CsvPreferenceLoader", "CsvPreferenceLoader.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "build", project, "-c", RepoLayout.Configuration, "--nologo", "-v", "q", "-nodeReuse:false", "-p:BuildProjectReferences=false" })
            start.ArgumentList.Add(a);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(240_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build of the sample plugin took over 4 minutes");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet build {project} failed:\n{stdout.Result}\n{stderr.Result}");
        OutputFolder = Path.Combine(RepoLayout.Root, "samples", "CsvPreferenceLoader", "bin", RepoLayout.Configuration, "net10.0");
    }

    /// <summary>The build output: CsvPreferenceLoader.dll and its .deps.json.</summary>
    public string OutputFolder { get; }

    /// <summary>Copies the build output into <c>pluginsFolder/CsvPreferenceLoader/</c>, as a team drops a plugin in.</summary>
    public string InstallInto(string pluginsFolder)
    {
        var target = Path.Combine(pluginsFolder, "CsvPreferenceLoader");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(OutputFolder))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        return target;
    }
}
