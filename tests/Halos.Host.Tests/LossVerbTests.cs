using System.Text.Json;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>
/// The <c>halos loss</c> verbs' command line: hyperparameters spelt as <c>train</c> spells them (either form), or with
/// <c>--set</c>; a script by path or by name; usage errors with the verb's usage.
/// </summary>
public sealed class LossVerbTests : IDisposable
{
    private readonly TempFolder _root = new();

    public LossVerbTests()
    {
        _root.Loss("dpo");
        _root.File("inputs.json", """{ "PolicyChosen": [-1.0], "PolicyRejected": [-2.0], "ReferenceChosen": [-1.5], "ReferenceRejected": [-1.5] }""");
    }

    [Theory]
    [InlineData("--set", "beta=0.2")]
    [InlineData("--Loss:Params:beta=0.2")]
    [InlineData("--Loss:Params:beta", "0.2")]
    public void EvalTakesHyperparametersInEverySpelling_AndAScriptByName(params string[] beta)
    {
        var result = CliRun.InProcess(_root.Path, ["loss", "eval", "dpo", "--inputs", "inputs.json", .. beta, "--cache", Path.Combine(_root.Path, "cache")]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(0.2, doc.RootElement.GetProperty("parameters").GetProperty("beta").GetDouble());
        // -log σ(0.2 · ((-1 + 1.5) - (-2 + 1.5))) = -log σ(0.2)
        Assert.Equal(-Math.Log(1 / (1 + Math.Exp(-0.2))), doc.RootElement.GetProperty("losses")[0].GetDouble(), 10);
    }

    [Fact]
    public void AMissingScriptOrInputIsAUsageError_WithTheVerbsUsage()
    {
        var noScript = CliRun.InProcess(_root.Path, ["loss", "check"]);
        Assert.Equal(2, noScript.ExitCode);
        Assert.Contains("halos loss check: SCRIPT is required", noScript.Error);
        Assert.Contains("usage: halos loss check SCRIPT [--set NAME=VALUE]", noScript.Error);
        var noInputs = CliRun.InProcess(_root.Path, ["loss", "eval", "dpo"]);
        Assert.Equal(2, noInputs.ExitCode);
        Assert.Contains("halos loss eval: --inputs is required", noInputs.Error);
        var badSet = CliRun.InProcess(_root.Path, ["loss", "eval", "dpo", "--inputs", "inputs.json", "--set", "beta"]);
        Assert.Equal(2, badSet.ExitCode);
        Assert.Contains("--set beta: expected NAME=VALUE", badSet.Error);
    }

    public void Dispose() => _root.Dispose();
}
