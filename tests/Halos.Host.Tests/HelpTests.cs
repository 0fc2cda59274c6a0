using Halos.Host.Cli;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>Every verb answers --help the same way: exit 0, a usage line naming the verb, and its summary.</summary>
public sealed class HelpTests
{
    public static TheoryData<string> Verbs => new(VerbTable.All.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(Verbs))]
    public void EveryVerbHasConsistentHelp(string verb)
    {
        var result = CliRun.InProcess(Path.GetTempPath(), [.. verb.Split(' '), "--help"]);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n');
        Assert.StartsWith($"usage: halos {verb}", lines[0]);
        Assert.Equal(VerbTable.All.Single(v => v.Name == verb).Summary + ".", lines[2].TrimEnd());
        Assert.Contains("exit codes: 0 success, 1 runtime failure, 2 usage or configuration error", result.Out);
        // Every option says its default, or that it is required.
        var options = lines.SkipWhile(l => l != "options:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.All(options, line => Assert.True(line.Contains("default") || line.Contains("(required)"), $"halos {verb} --help: no default in\n{line}"));
    }

    [Fact]
    public void GeneralHelp_ListsTheVerbsTheIssueAsksFor()
    {
        var result = CliRun.InProcess(Path.GetTempPath(), ["--help"]);
        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "train", "eval", "score", "sample", "loss check", "loss list", "plugins list", "profiles list", "config show", "tokenize" })
            Assert.Contains($"\n  {verb} ", result.Out);
    }
}
