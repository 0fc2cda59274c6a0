using System.Text.Json.Nodes;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>
/// Every profile in the repository's <c>profiles/</c> works: <c>config show</c> loads it, and <c>train --dry-run</c>
/// validates it end to end (sections, plugins and their options, the loss script and its hyperparameters, data
/// files). Paths a profile names are created empty; what a profile leaves to the command line (the quickstart's
/// data and model) is given there, as the quickstart gives it. A plugin folder a profile names (the CSV sample's)
/// holds the sample plugin, built as a team builds it.
/// </summary>
public sealed class ProfileTests(SamplePluginBuild sample) : IClassFixture<SamplePluginBuild>
{
    public static TheoryData<string> Profiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoLayout.Root, "profiles"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Profiles))]
    public void TheProfileLoadsAndDryRuns(string profile)
    {
        Skip.IfNot(File.Exists(RepoLayout.HostDll), $"the host is not built ({RepoLayout.HostDll})");
        using var root = new TempFolder();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoLayout.Root, "profiles", profile + ".json")))!;
        root.File($"profiles/{profile}.json", json.ToJsonString());
        foreach (var folder in json["Plugins"]?["Paths"]?.AsArray().Select(p => p!.GetValue<string>()) ?? [])
            foreach (var file in Directory.EnumerateFiles(sample.OutputFolder))
                File.Copy(file, Path.Combine(root.Folder(folder), Path.GetFileName(file)));
        var extra = new List<string>();
        foreach (var key in new[] { "Train", "Eval" })
        {
            if (json["Data"]?[key]?.GetValue<string>() is { } path) root.File(path, "");
            else if (key == "Train") { root.File("train.jsonl", ""); extra.Add("--Data:Train=train.jsonl"); }
        }
        if (json["Model"]?["Checkpoint"] is null && json["Model"]?["Architecture"] is null) extra.Add("--Model:Checkpoint=model");

        var show = HalosProcess.Run(root.Path, ["config", "show", "--profile", profile]);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains($"profile {profile}", show.Out);

        var dry = HalosProcess.Run(root.Path, ["train", "--profile", profile, "--dry-run", .. extra]);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("dry run: the configuration is valid; nothing was loaded or written", dry.Out);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "runs")), "a dry run wrote an output folder");
    }
}
