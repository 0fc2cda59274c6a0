using System.Text.Json;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>
/// The team workflow end to end: build the sample plugin with the SDK, drop its output into a plugins folder,
/// and run the real halos process with a profile that names the folder and the plugin.
/// </summary>
public sealed class SamplePluginEndToEndTests(SamplePluginBuild sample) : IClassFixture<SamplePluginBuild>, IDisposable
{
    private readonly TempFolder _root = new("halos-sample-e2e");

    private const string Pairs = "prompt,chosen,rejected,margin\n"
        + "\"What is 2+2?\",\"4\",\"5\",1.5\n"
        + "Name a primary colour.,\"Red, for example.\",Purple,\n"
        + "\"Say \"\"hi\"\"\",\"Hi!\nHow are you?\",Go away.,0.25\n";

    private void WriteProject()
    {
        _root.File("appsettings.json", """{ "Training": { "BatchSize": 4 } }""");
        _root.File("profiles/csv.json", """
            {
              "Plugins": { "Paths": [ "team-plugins" ] },
              "Data": { "Loader": "csv-preferences", "Train": "data/pairs.csv", "Eval": "data/bad.csv" }
            }
            """);
        _root.File("data/pairs.csv", Pairs);
        _root.File("data/bad.csv", "prompt,chosen,rejected\na,b,c\nonly,two\n");
        sample.InstallInto(_root.Folder("team-plugins"));
    }

    [Fact]
    public void ALoaderBuiltAgainstTheEngineFreeContract_ShipsNoEngine()
    {
        var files = Directory.EnumerateFiles(sample.OutputFolder).Select(Path.GetFileName).ToList();
        Assert.Contains("CsvPreferenceLoader.dll", files);
        Assert.DoesNotContain(files, f => f!.StartsWith("Halos.Torch") || f.StartsWith("libhalos_torch") || f.StartsWith("Halos.Abstractions"));
        Assert.DoesNotContain("Halos.Torch", File.ReadAllText(Path.Combine(sample.OutputFolder, "CsvPreferenceLoader.deps.json")));
    }

    [Fact]
    public void PluginsList_ShowsTheDroppedInPlugin_WithItsKindVersionAndPath()
    {
        WriteProject();
        var result = HalosProcess.Run(_root.Path, ["plugins", "list", "--profile", "csv"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var listed = PluginListing.Parse(result.Out);
        Assert.Equal(("loader", "0.3.0", Path.Combine(_root.Path, "team-plugins", "CsvPreferenceLoader", "CsvPreferenceLoader.dll")), listed["csv-preferences"]);
        // The built-in plugins come from the host's own plugins folder, found the same way.
        Assert.Equal(("metric-sink", "1.0.0", Path.Combine(RepoLayout.HostOutput, "plugins", "Halos.Metrics.Jsonl", "Halos.Metrics.Jsonl.dll")), listed["jsonl"]);
    }

    [Fact]
    public void DataPreview_PrintsTheExamplesThePluginReads()
    {
        WriteProject();
        var result = HalosProcess.Run(_root.Path, ["data", "preview", "--profile", "csv", "--limit", "3"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var examples = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, examples.Count);
        Assert.Equal("What is 2+2?", examples[0].GetProperty("prompt").GetProperty("text").GetString());
        Assert.Equal(1.5, examples[0].GetProperty("margin").GetDouble());
        Assert.Equal("Red, for example.", examples[1].GetProperty("chosen").GetString());
        Assert.False(examples[1].TryGetProperty("margin", out _));
        Assert.Equal("Say \"hi\"", examples[2].GetProperty("prompt").GetProperty("text").GetString());
        Assert.Equal("Hi!\nHow are you?", examples[2].GetProperty("chosen").GetString());
        Assert.Equal("pairs.csv:4", examples[2].GetProperty("id").GetString());
    }

    [Fact]
    public void BadDataFromThePlugin_IsARuntimeFailure_NamingFileAndLine()
    {
        WriteProject();
        var result = HalosProcess.Run(_root.Path, ["data", "preview", "--profile", "csv", "--split", "eval"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.csv:3: expected 3 fields (prompt,chosen,rejected), got 2", result.Error);
    }

    public void Dispose() => _root.Dispose();
}
