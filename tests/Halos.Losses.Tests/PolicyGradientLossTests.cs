using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Losses.Tests;

/// <summary>PPO (HALOs' offline variant) and GRPO, token by token by hand.</summary>
public class PolicyGradientLossTests
{
    private static readonly bool[,] Mask = { { true, true, false }, { true, true, true } };

    private static double MaskedMean(Func<int, int, double> f, int b) =>
        Enumerable.Range(0, 3).Where(t => Mask[b, t]).Average(t => f(b, t));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PpoClipsTheRatioAgainstTheReference(bool extreme)
    {
        // Extreme: log-ratios of ±50 (ratio e^±50) run in float64, where the unclipped term is still representable.
        var scale = extreme ? 50.0 : 1.0;
        double[,] pi = { { -1.0, -2.0, -0.5 }, { -0.3, -4.0, -1.0 } };
        double[,] refLp = { { -1.0 - 0.3 * scale, -2.0 + 0.9 * scale, -0.7 }, { -0.3 + 0.1 * scale, -4.0 - 1.0 * scale, -1.0 } };
        double[,] adv = { { 1.0, -0.5, 2.0 }, { -1.0, 0.7, 0.2 } };
        double[,] values = { { 0.2, 0.4, 0.0 }, { -0.3, 0.1, 0.5 } };
        double[,] returns = { { 1.0, 0.0, 0.0 }, { 0.5, -0.5, 1.0 } };
        var script = TestCache.Load("ppo");
        using var scope = torch.NewDisposeScope();
        var dt = ScalarType.Float64;
        var result = script.Compute(new LossInputs
        {
            PolicyPerToken = T.Of(dt, pi), ReferencePerToken = T.Of(dt, refLp), Mask = T.Mask(Mask),
            Advantages = T.Of(dt, adv), Values = T.Of(dt, values), Returns = T.Of(dt, returns),
        });
        var expected = Enumerable.Range(0, 2).Select(b =>
        {
            var policy = MaskedMean((i, t) =>
            {
                var ratio = Math.Exp(pi[i, t] - refLp[i, t]);
                return Math.Max(-adv[i, t] * ratio, -adv[i, t] * Math.Clamp(ratio, 0.5, 2.0));
            }, b);
            var critic = 0.5 * MaskedMean((i, t) => Math.Pow(values[i, t] - returns[i, t], 2), b);
            var kl = MaskedMean((i, t) => refLp[i, t] - pi[i, t], b);
            return policy + 0.01 * critic + 0.1 * kl;
        }).ToArray();
        LossAssert.Close(expected, result.Losses, 1e-10);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GrpoZScoresRewardsPerGroupAndPenalisesK3(bool extreme)
    {
        // Two groups of two completions. Extreme: rewards ±50 and reference log-ratios of ±50 in the k3 term.
        var s = extreme ? 50.0 : 1.0;
        double[] rewards = [1.0 * s, -0.5 * s, 0.25, 0.25];          // the second group is tied: std 0, Â = 0/0.01
        double[,] pi = { { -1.0, -2.0, -0.5 }, { -0.3, -4.0, -1.0 }, { -0.2, -0.1, -3.0 }, { -1.1, -0.9, -0.8 } };
        double[,] old = { { -1.1, -1.9, -0.5 }, { -0.5, -3.0, -1.0 }, { -0.2, -0.3, -2.0 }, { -1.0, -1.0, -1.0 } };
        double[,] refLp = { { -1.0 + 0.3 * s, -2.2, -0.5 }, { -0.3, -4.0 + 0.2 * s, -1.0 }, { -0.4, -0.1, -3.0 }, { -1.2, -0.9, -0.7 } };
        bool[,] mask = { { true, true, true }, { true, false, false }, { true, true, false }, { true, true, true } };
        var script = TestCache.Load("grpo");
        using var scope = torch.NewDisposeScope();
        var dt = ScalarType.Float64;
        var result = script.Compute(new LossInputs
        {
            PolicyPerToken = T.Of(dt, pi), OldPolicyPerToken = T.Of(dt, old), ReferencePerToken = T.Of(dt, refLp),
            Mask = T.Mask(mask), Rewards = T.Of(dt, rewards), GroupSize = 2,
        });
        var advantages = new double[4];
        for (var g = 0; g < 2; g++)
        {
            var a = rewards[2 * g];
            var b = rewards[2 * g + 1];
            var mean = (a + b) / 2;
            var std = Math.Sqrt((Math.Pow(a - mean, 2) + Math.Pow(b - mean, 2)) / 1);   // unbiased, n − 1 = 1
            advantages[2 * g] = (a - mean) / (std + 0.01);
            advantages[2 * g + 1] = (b - mean) / (std + 0.01);
        }
        var expected = Enumerable.Range(0, 4).Select(i =>
            Enumerable.Range(0, 3).Where(t => mask[i, t]).Average(t =>
            {
                var ratio = Math.Exp(pi[i, t] - old[i, t]);
                var surrogate = Math.Min(ratio * advantages[i], Math.Clamp(ratio, 0.9, 1.1) * advantages[i]);
                var d = refLp[i, t] - pi[i, t];
                var k3 = Math.Exp(d) - d - 1;
                return -(surrogate - 0.1 * k3);
            })).ToArray();
        LossAssert.Close(expected, result.Losses, 1e-10);
    }
}
