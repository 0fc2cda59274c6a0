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

    // Two groups of three completions; the last completion of the second group was skipped by every reward source.
    private static readonly double[,] Pi = { { -1.0, -2.0, -0.5 }, { -0.3, -4.0, -1.0 }, { -0.2, -0.1, -3.0 }, { -1.1, -0.9, -0.8 }, { -0.6, -0.7, -0.2 }, { -0.5, -0.5, -0.5 } };
    private static readonly double[,] Old = { { -1.1, -1.9, -0.5 }, { -0.5, -3.0, -1.0 }, { -0.2, -0.3, -2.0 }, { -1.0, -1.0, -1.0 }, { -0.6, -0.5, -0.4 }, { -0.5, -0.5, -0.5 } };
    private static readonly double[,] Ref = { { -0.7, -2.2, -0.5 }, { -0.3, -3.8, -1.0 }, { -0.4, -0.1, -3.0 }, { -1.2, -0.9, -0.7 }, { -0.6, -0.9, -0.1 }, { -0.5, -0.5, -0.5 } };
    private static readonly bool[,] GroupMask = { { true, true, true }, { true, false, false }, { true, true, false }, { true, true, true }, { true, true, false }, { false, false, false } };
    private static readonly double[] GroupRewards = [1.0, -0.5, 0.25, 2.0, 0.0, 0.0];
    private static readonly bool[] Scored = [true, true, true, true, true, false];

    private static LossInputs GroupInputs(bool withOld = true) => new()
    {
        PolicyPerToken = T.Of(ScalarType.Float64, Pi), OldPolicyPerToken = withOld ? T.Of(ScalarType.Float64, Old) : null,
        ReferencePerToken = T.Of(ScalarType.Float64, Ref), Mask = T.Mask(GroupMask), Rewards = torch.tensor(GroupRewards, 6),
        Scored = torch.tensor(Scored, 6), GroupSize = 3,
    };

    /// <summary>Each completion's advantage by hand: reward minus its group's mean over scored completions, scaled as asked.</summary>
    private static double[] GrpoAdvantages(string scale, int ddof)
    {
        var advantages = new double[6];
        var scored = Enumerable.Range(0, 6).Where(i => Scored[i]).ToArray();
        var all = scored.Select(i => GroupRewards[i]).ToArray();
        var batchStd = Math.Sqrt(all.Sum(r => Math.Pow(r - all.Average(), 2)) / (all.Length - ddof));
        for (var g = 0; g < 2; g++)
        {
            var members = scored.Where(i => i / 3 == g).ToArray();
            var rewards = members.Select(i => GroupRewards[i]).ToArray();
            var mean = rewards.Average();
            var std = Math.Sqrt(rewards.Sum(r => Math.Pow(r - mean, 2)) / (rewards.Length - ddof));
            foreach (var i in members)
                advantages[i] = scale switch
                {
                    "group" => (GroupRewards[i] - mean) / (std + 1e-4),
                    "batch" => (GroupRewards[i] - mean) / (batchStd + 1e-4),
                    _ => GroupRewards[i] - mean,
                };
        }
        return advantages;
    }

    [Theory]
    [InlineData("grpo", "group", 1, 0.0, 0.2, 0.0)]
    [InlineData("bnpo", "group", 0, 0.04, 0.2, 0.28)]
    [InlineData("dapo", "batch", 1, 0.04, 0.1, 0.0)]
    [InlineData("dr_grpo", "none", 1, 0.01, 0.2, 0.0)]
    public void Grpo_loss_types_by_hand(string lossType, string scale, int ddof, double beta, double epsilon, double epsilonHigh)
    {
        var script = TestCache.Load("grpo", new Dictionary<string, string>
        {
            ["loss_type"] = lossType, ["scale_rewards"] = scale, ["std_ddof"] = ddof.ToString(), ["beta"] = beta.ToString("R"),
            ["epsilon"] = epsilon.ToString("R"), ["epsilon_high"] = epsilonHigh.ToString("R"), ["max_completion_length"] = "4",
        });
        Assert.Equal(beta != 0, script.NeedsReference);
        using var scope = torch.NewDisposeScope();
        var inputs = GroupInputs();
        if (beta == 0) inputs = inputs with { ReferencePerToken = null };
        var result = script.Compute(inputs);

        var advantages = GrpoAdvantages(scale, ddof);
        var high = epsilonHigh > 0 ? epsilonHigh : epsilon;
        double Token(int i, int t)
        {
            var ratio = Math.Exp(Pi[i, t] - Old[i, t]);
            var loss = -Math.Min(ratio * advantages[i], Math.Clamp(ratio, 1 - epsilon, 1 + high) * advantages[i]);
            var d = Ref[i, t] - Pi[i, t];
            return loss + beta * (Math.Exp(d) - d - 1);
        }
        double Sum(int i) => Enumerable.Range(0, 3).Where(t => GroupMask[i, t]).Sum(t => Token(i, t));
        var count = Enumerable.Range(0, 6).Sum(i => Enumerable.Range(0, 3).Count(t => GroupMask[i, t]));
        var expected = Enumerable.Range(0, 6).Select(i => lossType switch
        {
            "grpo" => GroupMask[i, 0] ? Sum(i) / Enumerable.Range(0, 3).Count(t => GroupMask[i, t]) : 0,
            // Rows times each row's share: the loop's mean over rows is then Σ ℓ / tokens (one rank: bnpo = dapo).
            "bnpo" or "dapo" => Sum(i) * 6 / count,
            _ => Sum(i) / 4,
        }).ToArray();
        LossAssert.Close(expected, result.Losses, 1e-10);
        // The mean the loop takes over rows is each variant's normaliser.
        var mean = expected.Average();
        if (lossType is "bnpo" or "dapo") Assert.Equal(Enumerable.Range(0, 6).Sum(Sum) / count, mean, 12);
        if (lossType == "dr_grpo") Assert.Equal(Enumerable.Range(0, 6).Sum(Sum) / (6 * 4), mean, 12);
        Assert.True(result.Metrics.ContainsKey("clip_ratio/low_mean"));
        Assert.Equal(beta != 0, result.Metrics.ContainsKey("kl"));
    }

    [Fact]
    public void Grpo_on_policy_has_ratio_one_and_with_old_log_probs_does_not()
    {
        var script = TestCache.Load("grpo", new Dictionary<string, string> { ["epsilon"] = "0.01" });
        using var scope = torch.NewDisposeScope();
        var onPolicy = script.Compute(GroupInputs(withOld: false));
        Assert.Equal(0.0, onPolicy.Metrics["clip_ratio/region_mean"].item<double>());
        var offPolicy = script.Compute(GroupInputs());
        Assert.True(offPolicy.Metrics["clip_ratio/region_mean"].item<double>() > 0.1, "the old log-probs differ from the policy's, so some ratios leave [1-ε, 1+ε]");
    }

    [Fact]
    public void Grpo_with_beta_zero_runs_no_reference_pass_and_reads_none()
    {
        Assert.False(TestCache.Load("grpo").NeedsReference);
        Assert.True(TestCache.Load("grpo", new Dictionary<string, string> { ["beta"] = "0.04" }).NeedsReference);
        using var scope = torch.NewDisposeScope();
        var result = TestCache.Load("grpo").Compute(GroupInputs() with { ReferencePerToken = null });
        Assert.Equal(6, result.Losses.numel());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Rloo_uses_the_leave_one_out_baseline(double beta)
    {
        var script = TestCache.Load("rloo", new Dictionary<string, string> { ["beta"] = beta.ToString("R") });
        using var scope = torch.NewDisposeScope();
        var result = script.Compute(GroupInputs());
        double Seq(double[,] lp, int i) => Enumerable.Range(0, 3).Where(t => GroupMask[i, t]).Sum(t => lp[i, t]);
        var shaped = Enumerable.Range(0, 6).Select(i => GroupRewards[i] - beta * (Seq(Pi, i) - Seq(Ref, i))).ToArray();
        var expected = Enumerable.Range(0, 6).Select(i =>
        {
            if (!Scored[i]) return 0.0;
            var others = Enumerable.Range(i / 3 * 3, 3).Where(j => j != i && Scored[j]).ToArray();
            var advantage = shaped[i] - others.Average(j => shaped[j]);
            var ratio = Math.Exp(Seq(Pi, i) - Seq(Old, i));
            return -Math.Min(ratio * advantage, Math.Clamp(ratio, 0.8, 1.2) * advantage);
        }).ToArray();
        LossAssert.Close(expected, result.Losses, 1e-10);
    }

    [Fact]
    public void Online_dpo_pairs_the_best_and_worst_scored_samples()
    {
        var script = TestCache.Load("online_dpo");
        using var scope = torch.NewDisposeScope();
        var result = script.Compute(GroupInputs());
        double LogRatio(int i) => Enumerable.Range(0, 3).Where(t => GroupMask[i, t]).Sum(t => Pi[i, t] - Ref[i, t]);
        // Group 0: best is row 0 (1.0), worst row 1 (-0.5). Group 1: row 5 is unscored, so best row 3 (2.0), worst row 4 (0.0).
        var first = -LogSigmoid(0.1 * (LogRatio(0) - LogRatio(1)));
        var second = -LogSigmoid(0.1 * (LogRatio(3) - LogRatio(4)));
        LossAssert.Close([first, first, first, second, second, second], result.Losses, 1e-10);

        // A group whose scored samples tie carries no preference.
        var tied = script.Compute(GroupInputs() with { Rewards = torch.tensor(new[] { 1.0, 1.0, 1.0, 2.0, 0.0, 0.0 }, 6) });
        LossAssert.Close([0, 0, 0, second, second, second], tied.Losses, 1e-10);
    }

    private static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1 + Math.Exp(-x)) : x - Math.Log(1 + Math.Exp(x));
}
