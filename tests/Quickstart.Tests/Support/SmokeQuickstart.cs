namespace Quickstart.Tests.Support;

/// <summary>
/// One smoke-scale quickstart in a temporary folder, run on first use and shared by the tests of a class: every run goes
/// through the real halos process. <see cref="Skipped"/> says why it did not run (the host is not built).
/// </summary>
public sealed class SmokeQuickstart : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Lazy<(QuickstartResults Results, string Log)> _run;

    public SmokeQuickstart()
    {
        Folder = Directory.CreateTempSubdirectory("halos-quickstart-").FullName;
        _run = new(() =>
        {
            var console = new StringWriter();
            var results = new QuickstartRun(RepoRoot, HostDll, Folder, QuickstartScale.Smoke, console).Run();
            return (results, console.ToString());
        });
    }

    public static string RepoRoot { get; } = FindRoot();

    public static string HostDll => Path.Combine(RepoRoot, "src", "Halos.Host", "bin", Configuration, "net10.0", "halos.dll");

    public string? Skipped => File.Exists(HostDll) && Directory.Exists(Path.Combine(Path.GetDirectoryName(HostDll)!, "plugins", "Halos.Trainers"))
        ? null
        : $"the host is not built with its plugins ({HostDll}); run dotnet build src/Halos.Host -c {Configuration}";

    public string Folder { get; }

    public QuickstartResults Results => _run.Value.Results;

    public string Log => _run.Value.Log;

    /// <summary>Runs <c>halos ARGS</c> (the built host) from the repository root; its exit code and everything it printed.</summary>
    public (int Code, string Output) Halos(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
