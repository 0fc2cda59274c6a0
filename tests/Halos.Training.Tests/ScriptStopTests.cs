using Halos.Abstractions.Losses;
using Halos.Abstractions.Running;
using Halos.Training.Checkpoints;
using Halos.Training.Tests.Support;

namespace Halos.Training.Tests;

/// <summary>
/// A loss script stopped inside a step (its watchdog's time limit, or Ctrl+C while it loops): the loop drops the
/// unfinished step, saves a checkpoint of the last completed one, and a run resumed from it ends as a straight run.
/// </summary>
public sealed class ScriptStopTests
{
    /// <summary>Runs <paramref name="inner"/>, then throws <paramref name="stop"/> on the given (1-based) call: after the call
    /// fed the loss's running statistic, as a script that loops after its running_mean would.</summary>
    private sealed class StoppingLoss(ILossFunction inner, int stopOnCall, Func<Exception> stop) : ILossFunction
    {
        private int _calls;
        public string Name => inner.Name;
        public DataKind Kind => inner.Kind;
        public bool NeedsReference => inner.NeedsReference;
        public IReadOnlyCollection<string> Inputs => inner.Inputs;
        public IReadOnlyDictionary<string, RunningMeanState> State => inner.State;
        public void RestoreState(IReadOnlyDictionary<string, RunningMeanState> state) => inner.RestoreState(state);

        public LossResult Compute(LossInputs inputs)
        {
            var result = inner.Compute(inputs);
            if (++_calls == stopOnCall) throw stop();
            return result;
        }
    }

    private static TestRun TenSteps()
    {
        var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "10";
        run.Settings["Training:GradientAccumulationSteps"] = "2";
        run.Settings["Training:CheckpointEvery"] = "2";
        run.Settings["Training:KeepCheckpoints"] = "0";
        return run;
    }

    private static byte[] FinalWeights(TestRun run) => File.ReadAllBytes(Path.Combine(run.OutputDir, "final", "model.safetensors"));

    [Fact]
    public void ATimedOutScript_StopsTheRunNamingIt_AfterACheckpointOfTheLastCompletedStep()
    {
        using var straight = TenSteps();
        straight.Loss = () => new RunningMeanScaledLoss();
        straight.Run();

        using var stopped = TenSteps();
        // Call 8 is the second microbatch of step 4: steps 1-3 completed, checkpoint-2 was saved on schedule.
        stopped.Loss = () => new StoppingLoss(new RunningMeanScaledLoss(), 8, () => new LossTimeoutException("losses/spin.csx", TimeSpan.FromSeconds(60)));
        var progress = new ProgressLog();
        var e = Assert.Throws<RunStoppedException>(() => stopped.Run(progress: progress));
        var three = CheckpointLayout.FolderFor(stopped.OutputDir, 3);
        Assert.Equal(three, e.CheckpointPath);
        Assert.StartsWith("losses/spin.csx: one call of the loss script ran longer than its limit of 60 s", e.Message);
        Assert.EndsWith($"the checkpoint of the last completed step (step 3) is {three} (resume with --Training:ResumeFrom={three})", e.Message);
        Assert.IsType<LossTimeoutException>(e.InnerException);

        // The checkpoint is step 3's exactly: the running statistic has only the completed steps' rows, and the data
        // position is where step 4 begins, as in the straight run's own record of step 3.
        var saved = TrainerState.Load(Path.Combine(three, CheckpointLayout.TrainerStateFile));
        Assert.Equal(3, saved.GlobalStep);
        Assert.Equal(3 * 2 * 4, saved.LossState["nll"].Count);
        var two = TrainerState.Load(Path.Combine(CheckpointLayout.FolderFor(straight.OutputDir, 2), CheckpointLayout.TrainerStateFile));
        Assert.Equal(two.DataPosition.Batch + 2, saved.DataPosition.Batch);
        // Progress named the scheduled checkpoint as the latest once it was saved.
        Assert.Contains(progress.Reports, r => r.Step == 2 && r.LatestCheckpoint == CheckpointLayout.FolderFor(stopped.OutputDir, 2));

        stopped.Loss = () => new RunningMeanScaledLoss();
        stopped.Settings["Training:ResumeFrom"] = "run/checkpoint-3";
        Assert.Equal(10, stopped.Run().Steps);
        Assert.Equal(FinalWeights(straight), FinalWeights(stopped));
    }

    [Fact]
    public void CtrlCWhileAScriptLoops_SavesTheLastCompletedStep_AndEndsInterrupted()
    {
        using var run = TenSteps();
        using var ctrlC = new CancellationTokenSource();
        // The watchdog throws OperationCanceledException when the host's token is cancelled while the script loops.
        run.Loss = () => new StoppingLoss(new SftNllLoss(), 7, () =>
        {
            ctrlC.Cancel();
            return new OperationCanceledException(ctrlC.Token);
        });
        var outcome = run.Run(ctrlC.Token);
        Assert.True(outcome.Interrupted);
        Assert.Equal(3, outcome.Steps);
        Assert.Equal(CheckpointLayout.FolderFor(run.OutputDir, 3), outcome.CheckpointPath);
        Assert.True(CheckpointLayout.IsCheckpoint(outcome.CheckpointPath!));
    }

    [Fact]
    public void AScriptStoppedInTheFirstStep_SavesNoCheckpoint()
    {
        using var run = TenSteps();
        run.Loss = () => new StoppingLoss(new SftNllLoss(), 1, () => new LossTimeoutException("losses/spin.csx", TimeSpan.FromSeconds(5)));
        var e = Assert.Throws<RunStoppedException>(() => run.Run());
        Assert.Null(e.CheckpointPath);
        Assert.EndsWith("no step had completed, so no checkpoint was saved", e.Message);
        Assert.False(Directory.Exists(run.OutputDir) && Directory.EnumerateDirectories(run.OutputDir, "checkpoint-*").Any());
    }
}
