using Halos.Abstractions.Plugins;
using Halos.Abstractions.Running;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>train/eval/score/sample: plugin resolution by name, the hand-off to the loop, progress, Ctrl+C.</summary>
public sealed class RunVerbTests : IDisposable
{
    private readonly TempFolder _root = new();

    public RunVerbTests()
    {
        // The planner checks that the data exists and compiles the loss before the loop starts.
        _root.File("data/train.jsonl", "");
        _root.Loss("dpo");
    }

    private static readonly string[] Configured =
    [
        "--Training:Trainer=fake-trainer", "--Model:Plugin=fake-model", "--Model:Checkpoint=models/tiny",
        "--Data:Loader=fake-loader", "--Data:Train=data/train.jsonl", "--Loss:Script=dpo", "--Training:OutputDir=out",
    ];

    [Fact]
    public void Train_HandsTheResolvedPlanToTheLoop_AndPrintsItsMetrics()
    {
        var loop = new FakeRunLoop();
        var result = CliRun.InProcess(_root.Path, ["train", "--quiet", .. Configured], addPlugins: FakeRunLoop.Register(loop));
        Assert.True(result.ExitCode == 0, result.ToString());
        var plan = loop.Plan!;
        Assert.Equal(RunMode.Train, plan.Mode);
        Assert.IsType<FakeTrainer>(plan.Trainer);
        Assert.IsType<FakeModel>(plan.Models);
        Assert.IsType<FakeLoader>(plan.Loader);
        // The loop was created for this run, with its settings section, its logger, and the run's output folder.
        var context = Assert.Single(loop.Contexts);
        Assert.Equal("Training:LoopOptions", context.SectionPath);
        Assert.Equal(Path.Combine(_root.Path, "out"), context.OutputDirectory);
        Assert.Equal(RunRanks.Single, context.Ranks);
        Assert.Equal(Path.Combine(_root.Path, "out"), plan.ResolvePath(plan.Training.OutputDir));
        Assert.Equal(["train finished after 5 steps", "  loss = 0.65", "  rewards/accuracy = 0.75"], result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // Plain mode (not a terminal): the first report and the last are printed.
        Assert.Contains("train 1/5 20% ETA 00:04 | 8.0 ex/s | 800 tok/s | loss 0.6900 | acc 50.0%", result.Error);
        Assert.Contains("train 5/5 100% ETA 00:00 | 8.0 ex/s | 800 tok/s | loss 0.6500 | acc 50.0%", result.Error);
    }

    [Fact]
    public void CtrlC_SavesACheckpointAndExitsWith130()
    {
        using var stop = new CancellationTokenSource();
        var loop = new FakeRunLoop { Steps = 100, AfterStep = step => { if (step == 3) stop.Cancel(); } };
        var result = CliRun.InProcess(_root.Path, ["train", .. Configured], cancellation: stop.Token, addPlugins: FakeRunLoop.Register(loop));
        Assert.Equal(130, result.ExitCode);
        var checkpoint = Path.Combine(_root.Path, "out", "checkpoint-3");
        Assert.Contains($"halos: interrupted at step 3; checkpoint saved to {checkpoint} (resume with --Training:ResumeFrom={checkpoint})", result.Error);
        Assert.Equal("{\"global_step\": 3}", File.ReadAllText(Path.Combine(checkpoint, "trainer_state.json")));
    }

    [Fact]
    public void NoTrainerConfigured_FailsClearlyWithExit2_ListingInstalledOnes()
    {
        var result = CliRun.InProcess(_root.Path, ["train", .. Configured.Where(a => !a.StartsWith("--Training:Trainer"))], addPlugins: FakeRunLoop.Register(new FakeRunLoop()));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Training:Trainer: is not set; set it to one of the installed trainer plugins: fake-trainer (e.g. --Training:Trainer=fake-trainer)", result.Error);
    }

    [Fact]
    public void ATrainerOrLoaderThatCannotServeTheLoss_IsAConfigurationError_BeforeTheLoopIsCreated()
    {
        _root.Loss("sft");
        var loop = new FakeRunLoop();
        var result = CliRun.InProcess(_root.Path, ["train", .. Configured, "--Loss:Script=sft"], addPlugins: FakeRunLoop.Register(loop));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Training:Trainer: trainer 'fake-trainer' handles paired, scored data, but loss 'sft' consumes sft data (from command line --Training:Trainer)", result.Error);
        Assert.Contains("Data:Loader: loader 'fake-loader' reads paired, scored data, but loss 'sft' consumes sft data", result.Error);
        Assert.Empty(loop.Contexts);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "out")));
    }

    [Fact]
    public void MisspeltPluginName_IsNamedWithItsKeyAndASuggestion()
    {
        var result = CliRun.InProcess(_root.Path, ["eval", .. Configured, "--Model:Plugin=fake-modle", "--Data:Eval=data/train.jsonl"], addPlugins: FakeRunLoop.Register(new FakeRunLoop()));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Model:Plugin: no model plugin named 'fake-modle'; installed model plugins: fake-model; did you mean 'fake-model'? (from command line --Model:Plugin)", result.Error);
    }

    [Fact]
    public void AModeTheLoopLacks_IsAConfigurationError()
    {
        var result = CliRun.InProcess(_root.Path, ["sample", "--input", "prompts.jsonl", .. Configured], addPlugins: FakeRunLoop.Register(new FakeRunLoop()));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Training:Loop: run loop 'standard' does not implement sample (it implements train, eval)", result.Error);
    }

    [Fact]
    public void ALoopFailure_IsARuntimeFailure()
    {
        var loop = new FakeRunLoop { Failure = new InvalidOperationException("CUDA out of memory") };
        var result = CliRun.InProcess(_root.Path, ["train", .. Configured], addPlugins: FakeRunLoop.Register(loop));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("halos train: error: InvalidOperationException: CUDA out of memory", result.Error);
    }

    [Fact]
    public void BadData_IsARuntimeFailure_NamingFileAndLine()
    {
        var result = CliRun.InProcess(_root.Path, ["data", "preview", .. Configured], addPlugins: FakeRunLoop.Register(new FakeRunLoop()));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"halos data preview: data error: {Path.Combine(_root.Path, "data", "train.jsonl")}:2: expected a JSON object", result.Error);
        Assert.Contains("\"chosen\":\"good\"", result.Out);
    }

    public void Dispose() => _root.Dispose();
}
