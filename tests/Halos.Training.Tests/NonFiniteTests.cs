using Halos.Training.Loop;
using Halos.Training.Metrics;
using Halos.Training.Tests.Support;

namespace Halos.Training.Tests;

public sealed class NonFiniteTests
{
    [Fact]
    public void ANaNLoss_SkipsItsStepWithAWarning_AndTheRunGoesOn()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "6";
        run.Loss = () => new PoisonedLoss(new SftNllLoss(), call => call == 3);
        var outcome = run.Run();

        Assert.Equal(6, outcome.Steps);
        var warnings = run.Warnings.ToString();
        Assert.Contains("step 3: the loss is NaN (microbatch 1 of 1)", warnings);
        Assert.Contains("skipped", warnings);
        var train = run.Sink.Phase(MetricNames.TrainPhase);
        Assert.False(train[2].Values.ContainsKey(MetricNames.GradNorm));
        Assert.Equal(1, train[^1].Values[MetricNames.SkippedSteps]);
    }

    [Fact]
    public void SkippedSteps_LeaveTheWeightsUntouched()
    {
        // Steps 3 and 4 poisoned: the weights must equal those of a run that stopped after step 2.
        using var poisoned = new TestRun();
        poisoned.Settings["Training:MaxSteps"] = "4";
        poisoned.Loss = () => new PoisonedLoss(new SftNllLoss(), call => call >= 3);
        poisoned.Run();

        using var twoSteps = new TestRun();
        twoSteps.Settings["Training:MaxSteps"] = "2";
        twoSteps.Run();

        Assert.Equal(File.ReadAllBytes(Path.Combine(twoSteps.OutputDir, "final", "model.safetensors")),
            File.ReadAllBytes(Path.Combine(poisoned.OutputDir, "final", "model.safetensors")));
    }

    [Fact]
    public void TheKthNonFiniteStep_AbortsTheRun_NamingTheStep()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "20";
        run.Settings["Training:AbortAfterNonFiniteSteps"] = "3";
        run.Settings["Training:GradientAccumulationSteps"] = "2";
        // Loss calls 2 steps apart: the second microbatch of steps 2, 4 and 7.
        run.Loss = () => new PoisonedLoss(new SftNllLoss(), call => call is 4 or 8 or 14);
        var e = Assert.Throws<NonFiniteLossException>(() => run.Run());

        Assert.Equal(7, e.Step);
        Assert.StartsWith("step 7: the loss is NaN (microbatch 2 of 2)", e.Message);
        Assert.Contains("Training:AbortAfterNonFiniteSteps is 3", e.Message);
        var warnings = run.Warnings.ToString();
        Assert.Contains("step 2: the loss is NaN", warnings);
        Assert.Contains("step 4: the loss is NaN", warnings);
        Assert.DoesNotContain("step 7", warnings);
    }

    [Fact]
    public void Guard_CountsSkipsCarriedOverFromAResumedRun()
    {
        var guard = new NonFiniteGuard(limit: 3, alreadySkipped: 1);
        Assert.Contains("2 skipped so far", guard.Skip(10, "the loss is NaN"));
        var e = Assert.Throws<NonFiniteLossException>(() => guard.Skip(11, "the loss is +infinity"));
        Assert.Equal(11, e.Step);
    }
}
