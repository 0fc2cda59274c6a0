using Halos.Training.Checkpoints;
using Halos.Training.Tests.Support;

namespace Halos.Training.Tests;

public sealed class ResumeTests
{
    private static byte[] FinalWeights(TestRun run) => File.ReadAllBytes(Path.Combine(run.OutputDir, "final", "model.safetensors"));

    private static TestRun TwentySteps()
    {
        var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "20";
        run.Settings["Training:Schedule"] = "cosine";
        run.Settings["Training:WarmupSteps"] = "3";
        run.Settings["Training:WeightDecay"] = "0.1";
        run.Settings["Training:GradientAccumulationSteps"] = "2";
        return run;
    }

    [Fact]
    public void InterruptedAtTen_ThenResumed_EndsBitIdenticalToTwentyStraight()
    {
        using var straight = TwentySteps();
        straight.Run();

        using var resumed = TwentySteps();
        using var stop = new CancellationTokenSource();
        var first = resumed.Run(stop.Token, progress: new ProgressLog(p => { if (p.Phase == "train" && p.Step == 10) stop.Cancel(); }));
        Assert.True(first.Interrupted);
        Assert.Equal(10, first.Steps);
        Assert.Equal(CheckpointLayout.FolderFor(resumed.OutputDir, 10), first.CheckpointPath);
        Assert.False(File.Exists(Path.Combine(resumed.OutputDir, "final", "model.safetensors")));

        resumed.Settings["Training:Resume"] = "true";
        var second = resumed.Run();
        Assert.Equal(20, second.Steps);
        Assert.Equal(FinalWeights(straight), FinalWeights(resumed));
        // The optimiser moments too: the step-20 checkpoints hold identical optimizer state.
        Assert.Equal(File.ReadAllBytes(Path.Combine(CheckpointLayout.FolderFor(straight.OutputDir, 20), CheckpointLayout.OptimizerFile)),
            File.ReadAllBytes(Path.Combine(CheckpointLayout.FolderFor(resumed.OutputDir, 20), CheckpointLayout.OptimizerFile)));
    }

    [Fact]
    public void ALossRunningStatistic_IsCheckpointed_SoAResumedRunMatchesAStraightOne()
    {
        using var straight = TwentySteps();
        straight.Loss = () => new RunningMeanScaledLoss();
        straight.Run();

        using var resumed = TwentySteps();
        resumed.Loss = () => new RunningMeanScaledLoss(); // a fresh loss per run, as a new process would load
        using var stop = new CancellationTokenSource();
        resumed.Run(stop.Token, progress: new ProgressLog(p => { if (p.Phase == "train" && p.Step == 10) stop.Cancel(); }));
        var saved = TrainerState.Load(Path.Combine(CheckpointLayout.FolderFor(resumed.OutputDir, 10), CheckpointLayout.TrainerStateFile));
        Assert.Equal(10 * 2 * 4, saved.LossState["nll"].Count); // 10 steps x 2 microbatches x batch 4
        Assert.True(saved.LossState["nll"].Mean > 0);

        resumed.Settings["Training:Resume"] = "true";
        resumed.Run();
        Assert.Equal(FinalWeights(straight), FinalWeights(resumed));
    }

    [Fact]
    public void ResumeFrom_ACheckpointFolder_ContinuesFromItsStep()
    {
        using var run = TwentySteps();
        run.Settings["Training:CheckpointEvery"] = "5";
        run.Settings["Training:KeepCheckpoints"] = "0";
        run.Run();
        var straight = FinalWeights(run);

        run.Settings["Training:ResumeFrom"] = "run/checkpoint-15";
        var progress = new ProgressLog();
        run.Run(progress: progress);
        // 64 examples in batches of 4 are 16 microbatches an epoch; 15 steps of 2 took 30: epoch 1, its 14th batch, example 56.
        Assert.Contains("halos: resuming from checkpoint-15 (step 15, epoch 1, example position 56)", run.Notes.ToString());
        var resumedFrom = Setup.RunSummary.Load(Path.Combine(run.OutputDir, Setup.RunSummary.FileName)).ResumedFrom;
        Assert.Equal(new Setup.ResumeSummary("checkpoint-15", 15, 1, 56), resumedFrom);
        Assert.Equal([16L, 17, 18, 19, 20], progress.Reports.Where(r => r.Phase == "train").Select(r => r.Step));
        Assert.Equal(straight, FinalWeights(run));
    }

    [Fact]
    public void Resume_WithAnotherSeed_IsRefusedNamingTheSetting()
    {
        using var run = TwentySteps();
        run.Settings["Training:MaxSteps"] = "2";
        run.Run();
        run.Settings["Training:Resume"] = "true";
        run.Settings["Training:Seed"] = "8";
        var e = Assert.Throws<InvalidOperationException>(() => run.Run());
        Assert.Contains("Training:Seed=7", e.Message);
        Assert.Contains("checkpoint-2", e.Message);
    }

    [Fact]
    public void Resume_WithNoCheckpoint_SaysWhereItLooked()
    {
        using var run = TwentySteps();
        run.Settings["Training:Resume"] = "true";
        var e = Assert.Throws<InvalidOperationException>(() => run.Run());
        Assert.Contains("--resume", e.Message);
        Assert.Contains(run.OutputDir, e.Message);
    }
}
