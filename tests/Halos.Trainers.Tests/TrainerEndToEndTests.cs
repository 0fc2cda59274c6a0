using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>
/// Each trainer end to end through the shared loop, on the tiny GPT-2 and the copy task: the loss falls, and where the
/// loss has rewards, reward accuracy climbs well above chance.
/// </summary>
public class TrainerEndToEndTests
{
    [Fact]
    public void SftLossFalls()
    {
        using var run = new TrainerRun("sft", CopyTask.Sft(64));
        run.Run();
        var (first, last) = run.Trend("loss");
        Assert.True(last < 0.6 * first, $"sft loss {first:F3} -> {last:F3}");
    }

    [Fact]
    public void DpoLossFallsAndRewardAccuracyClimbs()
    {
        using var run = new TrainerRun("dpo", CopyTask.Paired(64), CopyTask.Paired(16));
        run.LossParameters["beta"] = "0.5";
        var outcome = run.Run();
        var (first, last) = run.Trend("loss");
        Assert.Equal(Math.Log(2), run.Sink.Train("loss").First(), 3); // policy == reference at step 1: -log σ(0)
        Assert.True(last < 0.5 * first, $"dpo loss {first:F3} -> {last:F3}");
        Assert.True(run.Trend("rewards/accuracies").Last >= 0.9, $"accuracy {run.Trend("rewards/accuracies")}");
        Assert.True(outcome.Metrics["eval_rewards/accuracies"] >= 0.9, $"eval accuracy {outcome.Metrics["eval_rewards/accuracies"]}");
    }

    [Fact]
    public void KtoLossFallsAndRewardsSeparate()
    {
        using var run = new TrainerRun("kto", CopyTask.Unpaired(64));
        run.LossParameters["beta"] = "0.5";
        run.Run();
        var (first, last) = run.Trend("loss");
        Assert.Equal(0.5, run.Sink.Train("loss").First(), 3); // r = z0 = 0 at step 1: σ(0)
        Assert.True(last < 0.8 * first, $"kto loss {first:F3} -> {last:F3}");
        Assert.True(run.Trend("rewards/margins").Last > 0.5, $"kto margin {run.Trend("rewards/margins")}");
        Assert.True(run.Sink.Train("kl").All(double.IsFinite));
    }

    [Fact]
    public void BradleyTerryRewardModelLearnsPairs()
    {
        using var run = new TrainerRun("bradley_terry", CopyTask.Paired(64), CopyTask.Paired(16));
        run.Settings["Training:LearningRate"] = "0.01";
        run.Settings["Training:MaxSteps"] = "60";
        var outcome = run.Run();
        var (first, last) = run.Trend("loss");
        Assert.True(last < 0.5 * first, $"bt loss {first:F3} -> {last:F3}");
        Assert.True(outcome.Metrics["eval_rewards/accuracies"] >= 0.9, $"eval accuracy {outcome.Metrics["eval_rewards/accuracies"]}");
    }

    [Fact]
    public void BradleyTerryTrainsADebertaV3RewardModel()
    {
        // The same pairs on a tiny DeBERTa-v3 classifier (relative c2p/p2c attention, no absolute positions, ContextPooler).
        using var run = new TrainerRun("bradley_terry", CopyTask.Paired(64), CopyTask.Paired(16));
        run.Settings["Model:Checkpoint"] = TinyCheckpoint.WriteDebertaV3(System.IO.Path.Combine(run.Root, "deberta"));
        run.Settings["Training:LearningRate"] = "0.003";
        run.Settings["Training:MaxSteps"] = "60";
        var outcome = run.Run();
        var (first, last) = run.Trend("loss");
        Assert.True(run.Sink.Train("loss").All(double.IsFinite));
        Assert.True(last < 0.5 * first, $"bt loss {first:F3} -> {last:F3}");
        Assert.True(outcome.Metrics["eval_rewards/accuracies"] >= 0.9, $"eval accuracy {outcome.Metrics["eval_rewards/accuracies"]}");
    }

    [Fact]
    public void RankListRewardModelLearnsOrderings()
    {
        using var run = new TrainerRun("rank_list", CopyTask.Ranked(64), CopyTask.Ranked(16));
        run.Settings["Training:LearningRate"] = "0.01";
        run.Settings["Training:MaxSteps"] = "60";
        var outcome = run.Run();
        var (first, last) = run.Trend("loss");
        Assert.True(last < 0.6 * first, $"rank-list loss {first:F3} -> {last:F3}");
        Assert.True(outcome.Metrics["eval_rewards/accuracies"] >= 0.8, $"eval pairwise accuracy {outcome.Metrics["eval_rewards/accuracies"]}");
        Assert.True(outcome.Metrics["eval_rewards/std"] > 0);
    }
}
