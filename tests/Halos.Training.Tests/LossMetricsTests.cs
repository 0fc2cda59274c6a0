using Halos.Abstractions.Losses;
using Halos.Torch;
using Halos.Training.Metrics;

namespace Halos.Training.Tests;

public sealed class LossMetricsTests
{
    [Fact]
    public void PairedRewards_GiveMeansMarginsAndStrictAccuracy()
    {
        using var scope = torch.NewDisposeScope();
        var chosen = torch.tensor(new float[] { 1.0f, 0.5f, 2.0f, -1.0f });
        var rejected = torch.tensor(new float[] { 0.0f, 0.5f, 3.0f, -2.0f }); // a win, a tie, a loss, a win
        var inputs = new LossInputs
        {
            PolicyChosen = torch.tensor(new float[] { -10, -12, -14, -16 }),
            PolicyRejected = torch.tensor(new float[] { -20, -22, -24, -26 }),
        };
        var result = new LossResult(torch.tensor(new float[] { 0.25f, 0.5f, 0.75f, 1.0f }), chosen, rejected,
            new Dictionary<string, Tensor> { ["kl"] = torch.tensor(0.125) });
        var acc = new MetricAccumulator();
        LossMetrics.Collect(inputs, result, acc);
        var m = LossMetrics.Finish(acc);

        Assert.Equal(0.625, m[MetricNames.Loss], 12);
        Assert.Equal(0.625, m[MetricNames.RewardsChosen], 12);
        Assert.Equal(0.375, m[MetricNames.RewardsRejected], 12);
        Assert.Equal(0.25, m[MetricNames.RewardsMargins], 12);
        Assert.Equal(0.5, m[MetricNames.RewardsAccuracies], 12); // the tie counts as wrong
        Assert.Equal(-13, m[MetricNames.LogpsChosen], 12);
        Assert.Equal(-23, m[MetricNames.LogpsRejected], 12);
        Assert.Equal(0.125, m[MetricNames.Kl], 12);
    }

    [Fact]
    public void MicrobatchesWeighByTheirExamples()
    {
        using var scope = torch.NewDisposeScope();
        var acc = new MetricAccumulator();
        // A microbatch of 3 with mean loss 1 and kl 0.5, then one of 1 with loss 5 and kl 2.5.
        LossMetrics.Collect(new LossInputs(), new LossResult(torch.tensor(new float[] { 0, 1, 2 }), metrics: new Dictionary<string, Tensor> { ["kl"] = torch.tensor(0.5) }), acc);
        LossMetrics.Collect(new LossInputs(), new LossResult(torch.tensor(new float[] { 5 }), metrics: new Dictionary<string, Tensor> { ["kl"] = torch.tensor(2.5) }), acc);
        var m = LossMetrics.Finish(acc);
        Assert.Equal(2.0, m[MetricNames.Loss], 12);
        Assert.Equal((3 * 0.5 + 2.5) / 4, m[MetricNames.Kl], 12);
    }

    [Fact]
    public void UnpairedRewards_MarginIsTheDifferenceOfMeans_AndLogpsSplitByDesirability()
    {
        using var scope = torch.NewDisposeScope();
        var inputs = new LossInputs
        {
            Policy = torch.tensor(new float[] { -1, -2, -3 }),
            Desirable = torch.tensor(new[] { true, false, true }),
        };
        var result = new LossResult(torch.tensor(new float[] { 1, 1, 1 }),
            chosenRewards: torch.tensor(new float[] { 0.5f, 1.5f }), rejectedRewards: torch.tensor(new float[] { -0.5f }));
        var acc = new MetricAccumulator();
        LossMetrics.Collect(inputs, result, acc);
        var m = LossMetrics.Finish(acc);
        Assert.Equal(1.5, m[MetricNames.RewardsMargins], 12);
        Assert.False(m.ContainsKey(MetricNames.RewardsAccuracies));
        Assert.Equal(-2, m[MetricNames.LogpsChosen], 12);
        Assert.Equal(-2, m[MetricNames.LogpsRejected], 12);
    }

    [Fact]
    public void UnpairedRewards_NeverPairUp_EvenWhenAMicrobatchHasAsManyOfEach()
    {
        using var scope = torch.NewDisposeScope();
        var acc = new MetricAccumulator();
        // Microbatch 1: one desirable (reward 2) and one undesirable (reward 0) example, unrelated to each other.
        LossMetrics.Collect(new LossInputs { Policy = torch.tensor(new float[] { -1, -1 }), Desirable = torch.tensor(new[] { true, false }) },
            new LossResult(torch.tensor(new float[] { 1, 1 }), torch.tensor(new float[] { 2f }), torch.tensor(new float[] { 0f })), acc);
        // Microbatch 2: three desirable (reward 0) and one undesirable (reward 1).
        LossMetrics.Collect(new LossInputs { Policy = torch.tensor(new float[] { -1, -1, -1, -1 }), Desirable = torch.tensor(new[] { true, true, true, false }) },
            new LossResult(torch.tensor(new float[] { 1, 1, 1, 1 }), torch.tensor(new float[] { 0f, 0f, 0f }), torch.tensor(new float[] { 1f })), acc);
        var m = LossMetrics.Finish(acc);
        // mean chosen = 2/4 = 0.5, mean rejected = 1/2 = 0.5: TRL's KTO margin is their difference, 0.
        Assert.Equal(0.5, m[MetricNames.RewardsChosen], 12);
        Assert.Equal(0.5, m[MetricNames.RewardsRejected], 12);
        Assert.Equal(0.0, m[MetricNames.RewardsMargins], 12);
        // A pairing of unrelated examples has no accuracy (it read 1.0 when microbatch 1 was taken as a pair).
        Assert.False(m.ContainsKey(MetricNames.RewardsAccuracies));
    }
}
