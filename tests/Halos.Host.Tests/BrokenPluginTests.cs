using Halos.Host.Plugins;
using Halos.Host.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Halos.Host.Tests;

/// <summary>Broken plugins are reported with their path and reason; the healthy one beside them still loads and the host keeps running.</summary>
[Collection(FixturePluginsCollection.Name)]
public sealed class BrokenPluginTests(FixturePlugins fixtures)
{
    private string Dll(string name) => Path.Combine(fixtures.Broken, name, name + ".dll");

    [Fact]
    public void EachBrokenDll_IsReportedWithItsPathAndReason_AndTheHealthyOneLoads()
    {
        using var catalog = PluginCatalog.Discover([fixtures.Broken], NullLogger.Instance);

        Assert.Equal(["healthy"], catalog.Plugins.Select(p => p.Name));
        var reasons = catalog.Failures.ToDictionary(f => f.Path, f => f.Reason);
        Assert.Equal(7, reasons.Count);
        Assert.Contains("needs a dependency that is missing: could not load 'Greeting, Version=1.0.0.0", reasons[Dll("MissingDependency")]);
        Assert.Equal("the constructor of Fixtures.Throws threw InvalidOperationException: licence file /etc/acme.lic not found", reasons[Dll("ThrowingConstructor")]);
        Assert.Equal("built against plugin contract 3.0 (Halos.Abstractions 3.0.0.0), but this host implements contract 2.0; "
            + "rebuild the plugin against Halos.Abstractions 2.x (minor version at most 0)", reasons[Dll("FutureContract")]);
        Assert.Equal("built against plugin contract 1.0 (Halos.Abstractions 1.0.0.0), but this host implements contract 2.0; "
            + "rebuild the plugin against Halos.Abstractions 2.x (minor version at most 0)", reasons[Dll("PastContract")]);
        Assert.Equal("built against Halos.Torch 1.0.0.0, but this host runs Halos.Torch 2.0.0.0; rebuild the plugin against Halos.Torch 2.x", reasons[Dll("OtherEngine")]);
        Assert.StartsWith("not a .NET assembly", reasons[Dll("NotDotNet")]);
        Assert.Equal("not a halos plugin: it does not reference Halos.Abstractions", reasons[Dll("NotAPlugin")]);
    }

    [Fact]
    public void FailuresAreLoggedAsWarnings_WithPathAndReasonAsProperties()
    {
        var logger = new RecordingLogger();
        using var _ = PluginCatalog.Discover([fixtures.Broken], logger);
        var warnings = logger.Records.Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(7, warnings.Count);
        Assert.Contains(warnings, w => Equals(w.Properties["PluginPath"], Dll("ThrowingConstructor")) && ((string)w.Properties["Reason"]!).Contains("licence file"));
    }

    [Fact]
    public void TheHostRunsWithTheRest_ThroughTheRealProcess()
    {
        using var root = new TempFolder();
        root.File("data.txt", "x");
        var list = HalosProcess.Run(root.Path, ["plugins", "list", $"--Plugins:Paths:0={fixtures.Broken}"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(("loader", "1.0.0.0", Dll("Healthy")), PluginListing.Parse(list.Out)["healthy"]);
        Assert.Contains("failed to load (7):", list.Out);
        Assert.True(list.Error.Contains($"warning: Plugins: Plugin {Dll("ThrowingConstructor")} failed to load: the constructor of Fixtures.Throws threw"), list.ToString());

        // And the healthy plugin does its job in the same run as the broken ones.
        var preview = HalosProcess.Run(root.Path, ["data", "preview", $"--Plugins:Paths:0={fixtures.Broken}", "--Data:Loader=healthy", "--Data:Train=data.txt"]);
        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Contains($"\"text\":\"{Path.Combine(root.Path, "data.txt")}\"", preview.Out);
    }

    [Fact]
    public void TwoPluginsWithOneName_AreAnErrorNamingBothPaths()
    {
        using var catalog = PluginCatalog.Discover([fixtures.Duplicates], NullLogger.Instance);
        var conflict = Assert.Single(catalog.Conflicts);
        Assert.Equal($"loader plugin name 'twin' is registered twice: by Fixtures.NamedLoader in {Path.Combine(fixtures.Duplicates, "DupOne", "DupOne.dll")} "
            + $"and by Fixtures.NamedLoader in {Path.Combine(fixtures.Duplicates, "DupTwo", "DupTwo.dll")}", conflict);

        using var root = new TempFolder();
        var list = CliRun.InProcess(root.Path, ["plugins", "list", $"--Plugins:Paths:0={fixtures.Duplicates}"]);
        Assert.Equal(2, list.ExitCode);
        Assert.Contains(conflict, list.Error);
        var use = CliRun.InProcess(root.Path, ["data", "preview", $"--Plugins:Paths:0={fixtures.Duplicates}", "--Data:Loader=twin", "--Data:Train=x"]);
        Assert.Equal(2, use.ExitCode);
        Assert.Contains($"Data:Loader: {conflict} (from command line --Data:Loader)", use.Error);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, Dictionary<string, object?> Properties)> Records { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Records.Add((logLevel, (state as IEnumerable<KeyValuePair<string, object?>>)?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? []));
    }
}
