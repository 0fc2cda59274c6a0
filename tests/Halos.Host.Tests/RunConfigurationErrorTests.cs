using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>
/// A misspelt loss script, a misspelt hyperparameter and a missing data file are configuration errors: exit 2, the key
/// named with the closest valid name, and nothing created on disk (the loop, which makes the output folder, never starts).
/// </summary>
public sealed class RunConfigurationErrorTests : IDisposable
{
    private readonly TempFolder _root = new();
    private readonly FakeRunLoop _loop = new();

    public RunConfigurationErrorTests()
    {
        _root.File("data/train.jsonl", "");
        _root.Loss("dpo");
        _root.Loss("sft");
    }

    private CliResult Train(params string[] overrides) => CliRun.InProcess(_root.Path,
        ["train", "--quiet", "--Training:Trainer=fake-trainer", "--Model:Plugin=fake-model", "--Model:Checkpoint=models/tiny",
         "--Data:Loader=fake-loader", "--Data:Train=data/train.jsonl", "--Loss:Script=dpo", "--Training:OutputDir=out", .. overrides],
        addPlugins: FakeRunLoop.Register(_loop));

    [Fact]
    public void MisspeltScript_Exits2_WithTheClosestScript()
    {
        var result = Train("--Loss:Script=sfft");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Loss: no loss script 'sfft'", result.Error);
        Assert.Contains("did you mean 'sft'?", result.Error);
        AssertNothingRan();
    }

    [Fact]
    public void MisspeltHyperparameter_Exits2_WithTheClosestDeclaredOne()
    {
        var result = Train("--Loss:Params:betta=0.2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown hyperparameter 'betta' (Loss:Params:betta); did you mean 'beta'?", result.Error);
        AssertNothingRan();
    }

    [Fact]
    public void MissingDataFile_Exits2_WithTheClosestFile()
    {
        var result = Train("--Data:Train=data/trian.jsonl");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Data:Train: no file or folder 'data/trian.jsonl' ({Path.Combine(_root.Path, "data", "trian.jsonl")}); did you mean 'train.jsonl'?", result.Error);
        AssertNothingRan();
    }

    [Fact]
    public void MissingEvalFile_BesideTraining_IsCaughtToo()
    {
        var result = Train("--Data:Eval=data/held-out.jsonl");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Data:Eval: no file or folder 'data/held-out.jsonl'", result.Error);
        AssertNothingRan();
    }

    [Fact]
    public void TheLoopGetsTheLossThePlannerCompiled()
    {
        var result = Train("--Loss:Params:beta=0.25");
        Assert.True(result.ExitCode == 0, result.ToString());
        var loss = _loop.Plan!.LoadLoss!();
        Assert.Same(loss, _loop.Plan.LoadLoss!());
        Assert.Equal("dpo", loss.Name);
    }

    private void AssertNothingRan()
    {
        Assert.Null(_loop.Plan);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "out")));
    }

    public void Dispose() => _root.Dispose();
}
