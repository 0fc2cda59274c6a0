using System.Diagnostics;
using Halos.Host.Cli;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary><c>halos completion bash</c>: the generated script is valid bash and completes verbs, second words and flags as bash would.</summary>
public sealed class CompletionTests
{
    private static string Complete(string script, params string[] words)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("halos-completion-").FullName, "halos.bash");
        File.WriteAllText(path, script);
        var quoted = string.Join(' ', words.Select(w => $"'{w}'"));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source '{path}'; COMP_WORDS=({quoted}); COMP_CWORD={words.Length - 1}; _halos; printf '%s\\n' \"${{COMPREPLY[@]}}\"");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }

    [SkippableFact]
    public void TheBashScriptCompletesVerbsSecondWordsAndEachVerbsFlags()
    {
        Skip.If(!File.Exists("/bin/bash") && !File.Exists("/usr/bin/bash"), "needs bash");
        var result = CliRun.InProcess(Path.GetTempPath(), ["completion", "bash"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("train\n", Complete(result.Out, "halos", "tr"));
        Assert.Equal("inspect\n", Complete(result.Out, "halos", "data", "ins"));
        Assert.Equal("--dry-run\n", Complete(result.Out, "halos", "train", "--dry"));
        Assert.Equal("--max-completion-length\n", Complete(result.Out, "halos", "data", "inspect", "--max-c"));
        Assert.Contains("--profile", Complete(result.Out, "halos", "sample", "--p").Split('\n'));
    }

    [Fact]
    public void EveryVerbIsInTheScript_AndZshGetsTheBashCompatibilityLayer()
    {
        var bash = CliRun.InProcess(Path.GetTempPath(), ["completion", "bash"]).Out;
        foreach (var verb in VerbTable.All) Assert.Contains($"\"{verb.Name}\") opts=", bash);
        var zsh = CliRun.InProcess(Path.GetTempPath(), ["completion", "zsh"]);
        Assert.Equal(0, zsh.ExitCode);
        Assert.StartsWith("autoload -U +X bashcompinit && bashcompinit\n", zsh.Out);
        var bad = CliRun.InProcess(Path.GetTempPath(), ["completion", "fish"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("halos completion bash, or halos completion zsh", bad.Error);
    }
}
