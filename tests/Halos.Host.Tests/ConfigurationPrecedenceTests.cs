using Halos.Host.Configuration;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>defaults &lt; appsettings.json &lt; profile &lt; environment &lt; command line, each shown winning, with the source config show reports.</summary>
public sealed class ConfigurationPrecedenceTests : IDisposable
{
    private readonly TempFolder _root = new();

    public ConfigurationPrecedenceTests()
    {
        _root.File("appsettings.json", """
            {
              "Training": { "LearningRate": 1e-6, "BatchSize": 16, "Seed": 1 },
              "Profiles": { "inline": { "Training": { "LearningRate": 7e-6 } } }
            }
            """);
        _root.File("profiles/tuned.json", """{ "Training": { "LearningRate": 2e-6, "BatchSize": 32 } }""");
    }

    public static TheoryData<string, string[], Dictionary<string, string>, double, string> Layers => new()
    {
        { "appsettings", [], new(), 1e-6, "appsettings.json" },
        { "profile", ["--profile", "tuned"], new(), 2e-6, "profile tuned: profiles/tuned.json" },
        { "section profile", ["--profile", "inline"], new(), 7e-6, "profile inline: appsettings.json Profiles:inline" },
        { "environment", ["--profile", "tuned"], new() { ["HALOS__Training__LearningRate"] = "3e-6" }, 3e-6, "environment HALOS__Training__LearningRate" },
        { "command line", ["--profile", "tuned", "--Training:LearningRate=4e-6"], new() { ["HALOS__Training__LearningRate"] = "3e-6" }, 4e-6, "command line --Training:LearningRate" },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void HighestLayerWins_AndIsReportedAsTheSource(string layer, string[] args, Dictionary<string, string> environment, double expected, string source)
    {
        var overrides = args.Where(a => a.StartsWith("--Training")).ToList();
        var profile = args.Contains("--profile") ? args[Array.IndexOf(args, "--profile") + 1] : null;
        var configuration = LayeredConfiguration.Load(_root.Path, profile, environment, overrides);
        var options = OptionsBinder.Bind(configuration);
        Assert.Equal(expected, options.Training.LearningRate);
        Assert.Equal(source, configuration.SourceOf("Training:LearningRate"));

        var shown = CliRun.InProcess(_root.Path, ["config", "show", .. args], environment);
        Assert.True(shown.ExitCode == 0, $"{layer}: {shown}");
        var row = Row(shown.Out, "Training:LearningRate");
        Assert.Equal(source, row.Source);
        Assert.Equal(expected, double.Parse(row.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void EachKeyComesFromItsOwnHighestLayer()
    {
        var environment = new Dictionary<string, string> { ["HALOS__Training__Seed"] = "99" };
        var shown = CliRun.InProcess(_root.Path, ["config", "show", "--profile", "tuned", "--Training:Epochs", "3"], environment);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Equal(("3", "command line --Training:Epochs"), Row(shown.Out, "Training:Epochs"));
        Assert.Equal(("99", "environment HALOS__Training__Seed"), Row(shown.Out, "Training:Seed"));
        Assert.Equal(("32", "profile tuned: profiles/tuned.json"), Row(shown.Out, "Training:BatchSize"));
        Assert.Equal(("2e-6", "profile tuned: profiles/tuned.json"), Row(shown.Out, "Training:LearningRate"));
        Assert.Equal(("1", "default"), Row(shown.Out, "Training:GradientAccumulationSteps"));
        Assert.DoesNotContain("Profiles:inline", shown.Out);
    }

    [Fact]
    public void TheRealProcessReadsHalosEnvironmentVariables()
    {
        var shown = HalosProcess.Run(_root.Path, ["config", "show", "--profile", "tuned"],
            new Dictionary<string, string> { ["HALOS__Training__BatchSize"] = "64" });
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Equal(("64", "environment HALOS__Training__BatchSize"), Row(shown.Out, "Training:BatchSize"));
    }

    [Fact]
    public void UnknownProfile_IsAConfigurationError_ListingTheAvailableOnes()
    {
        var result = CliRun.InProcess(_root.Path, ["config", "show", "--profile", "tunde"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no profile 'tunde'", result.Error);
        Assert.Contains("available: tuned, inline", result.Error);
        Assert.Contains("did you mean 'tuned'?", result.Error);
    }

    [Fact]
    public void ProfilesList_ShowsFileAndSectionProfiles()
    {
        var result = CliRun.InProcess(_root.Path, ["profiles", "list"]);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.Equal(["NAME    DEFINED IN", "tuned   profiles/tuned.json", "inline  appsettings.json Profiles:inline"], lines);
    }

    private static (string Value, string Source) Row(string output, string key)
    {
        var line = output.Split('\n').Single(l => l.StartsWith(key + " "));
        var cells = line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (cells[1], cells[2]);
    }

    public void Dispose() => _root.Dispose();
}
