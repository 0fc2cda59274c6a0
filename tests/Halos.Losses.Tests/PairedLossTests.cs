using Halos.Abstractions.Losses;
using Halos.Torch;
using static Halos.Losses.Tests.Scalar;

namespace Halos.Losses.Tests;

/// <summary>
/// The paired built-ins against their formulas, computed by hand per example in double precision,
/// on two input sets: ordinary log-probs in float64, and in float32 log-ratio gaps of ±500 that
/// put β·(Δw − Δl) at ±50 with β = 0.1, where σ rounds to 0 or 1 and a naive 1 − σ or log σ fails.
/// </summary>
public class PairedLossTests
{
    public sealed record PairedSet(string Name, ScalarType DType, double Tolerance, double[] Pc, double[] Pr, double[] Rc, double[] Rr)
    {
        public LossInputs Inputs() => new()
        {
            PolicyChosen = T.Of(DType, Pc),
            PolicyRejected = T.Of(DType, Pr),
            ReferenceChosen = T.Of(DType, Rc),
            ReferenceRejected = T.Of(DType, Rr),
        };

        public double[] Each(Func<double, double, double, double, double> f) =>
            Enumerable.Range(0, Pc.Length).Select(i => f(Pc[i], Pr[i], Rc[i], Rr[i])).ToArray();
    }

    public static readonly PairedSet Moderate = new("moderate", ScalarType.Float64, 1e-10,
        Pc: [-12.3, -40.1, -5.5], Pr: [-14.0, -38.2, -9.9], Rc: [-12.0, -41.0, -6.0], Rr: [-13.1, -37.0, -8.7]);

    public static readonly PairedSet Extreme = new("extreme", ScalarType.Float32, 1e-5,
        Pc: [-10, -260], Pr: [-260, -10], Rc: [-260, -10], Rr: [-10, -260]);

    public static readonly PairedSet[] Sets = [Moderate, Extreme];

    private static void Check(string loss, Func<double, double, double, double, double> expected,
        IReadOnlyDictionary<string, string>? parameters = null, Func<double, double, double, double, double>? chosenReward = null)
    {
        var script = TestCache.Load(loss, parameters);
        foreach (var set in Sets)
        {
            using var scope = torch.NewDisposeScope();
            var result = script.Compute(set.Inputs());
            LossAssert.Close(set.Each(expected), result.Losses, set.Tolerance, $"{loss} {set.Name} losses");
            if (chosenReward is not null) LossAssert.Close(set.Each(chosenReward), result.ChosenRewards, set.Tolerance, $"{loss} {set.Name} chosen rewards");
        }
    }

    private static double Gap(double pc, double pr, double rc, double rr) => (pc - rc) - (pr - rr);

    [Fact]
    public void Dpo() => Check("dpo", (pc, pr, rc, rr) => -LogSigmoid(0.1 * Gap(pc, pr, rc, rr)),
        chosenReward: (pc, _, rc, _) => 0.1 * (pc - rc));

    [Fact]
    public void DpoWithLabelSmoothing() => Check("dpo", (pc, pr, rc, rr) =>
    {
        var z = 0.3 * Gap(pc, pr, rc, rr);
        return -0.85 * LogSigmoid(z) - 0.15 * LogSigmoid(-z);
    }, new Dictionary<string, string> { ["beta"] = "0.3", ["label_smoothing"] = "0.15" });

    [Fact]
    public void Cdpo() => Check("cdpo", (pc, pr, rc, rr) =>
    {
        var z = 0.1 * Gap(pc, pr, rc, rr);
        return -0.8 * LogSigmoid(z) - 0.2 * LogSigmoid(-z);
    });

    [Fact]
    public void Robust() => Check("robust", (pc, pr, rc, rr) =>
    {
        var z = 0.1 * Gap(pc, pr, rc, rr);
        return (0.9 * -LogSigmoid(z) - 0.1 * -LogSigmoid(-z)) / 0.8;
    });

    [Fact]
    public void RobustRefusesAFlipRateOfOneHalf()
    {
        var script = TestCache.Load("robust", new Dictionary<string, string> { ["label_smoothing"] = "0.5" });
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<LossScriptException>(() => script.Compute(Moderate.Inputs()));
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
        Assert.Contains("robust.csx(11): ArgumentOutOfRangeException", e.Message);
    }

    [Fact]
    public void Hinge() => Check("hinge", (pc, pr, rc, rr) => Relu(1 - 0.1 * Gap(pc, pr, rc, rr)));

    [Fact]
    public void Slic() => Check("slic", (pc, pr, _, _) => Relu(1.0 - pc + pr) + 0.1 * -pc,
        chosenReward: (pc, _, _, _) => pc);

    [Fact]
    public void BcoPairShiftsByTheRunningMeanOfBatchRewards()
    {
        foreach (var set in Sets)
        {
            // A fresh load starts the running mean afresh; the second batch's δ averages both batch means.
            var script = TestCache.Load("bco_pair");
            using var scope = torch.NewDisposeScope();
            var c = set.Each((pc, _, rc, _) => 0.1 * (pc - rc));
            var r = set.Each((_, pr, _, rr) => 0.1 * (pr - rr));
            var mean1 = c.Concat(r).Average();
            double[] Expected(double delta) => c.Select((ci, i) => -LogSigmoid(ci - delta) - LogSigmoid(-(r[i] - delta))).ToArray();

            var first = script.Compute(set.Inputs());
            LossAssert.Close(Expected(mean1), first.Losses, set.Tolerance, $"bco_pair {set.Name} first batch");
            LossAssert.Close(mean1, first.Metrics["delta"], set.Tolerance, "delta");

            var shifted = set with { Pc = set.Pc.Select(x => x + 3).ToArray() };
            var c2 = shifted.Each((pc, _, rc, _) => 0.1 * (pc - rc));
            var mean2 = c2.Concat(r).Average();
            var delta2 = (mean1 + mean2) / 2;
            var second = script.Compute(shifted.Inputs());
            LossAssert.Close(c2.Select((ci, i) => -LogSigmoid(ci - delta2) - LogSigmoid(-(r[i] - delta2))).ToArray(), second.Losses,
                set.Tolerance, $"bco_pair {set.Name} second batch");
        }
    }

    [Fact]
    public void BcoPairsRunningShiftIsStateThatRestoresIntoAFreshLoad()
    {
        var set = Sets[0];
        using var scope = torch.NewDisposeScope();
        var trained = TestCache.Load("bco_pair");
        trained.Compute(set.Inputs());
        var state = trained.State;
        // bco_pair feeds its running mean one value per batch: the batch's mean reward.
        Assert.Equal(1, Assert.Single(state, s => s.Key == "delta").Value.Count);

        // Shift the rewards and compute the loss twice: a loss with the restored δ must match the one that kept it,
        // and one loaded afresh must not, or the restored state would be proving nothing.
        var shifted = set with { Pc = set.Pc.Select(x => x + 3).ToArray() };
        var restored = TestCache.Load("bco_pair");
        restored.RestoreState(state);
        var fresh = TestCache.Load("bco_pair");
        var kept = trained.Compute(shifted.Inputs()).Losses.data<double>();
        Assert.Equal(kept, restored.Compute(shifted.Inputs()).Losses.data<double>());
        Assert.NotEqual(kept, fresh.Compute(shifted.Inputs()).Losses.data<double>());
        Assert.Equal(trained.State["delta"], restored.State["delta"]);
    }

    [Fact]
    public void NcaPair() => Check("nca_pair", (pc, pr, rc, rr) =>
    {
        var c = 0.1 * (pc - rc);
        var r = 0.1 * (pr - rr);
        return -LogSigmoid(c) - 0.5 * LogSigmoid(-c) - 0.5 * LogSigmoid(-r);
    });

    [Fact]
    public void SppoHard() => Check("sppo_hard", (pc, pr, rc, rr) => Math.Pow(pc - rc - 5, 2) + Math.Pow(pr - rr + 5, 2));

    [Fact]
    public void ApoZero() => Check("apo_zero", (pc, pr, rc, rr) => 1 - Sigmoid(0.1 * (pc - rc)) + Sigmoid(0.1 * (pr - rr)));

    [Fact]
    public void ExoPair() => Check("exo_pair", (pc, pr, rc, rr) =>
    {
        var z = 0.1 * Gap(pc, pr, rc, rr);
        const double eps = 1e-3;
        return Sigmoid(z) * (LogSigmoid(z) - Math.Log(1 - eps)) + Sigmoid(-z) * (LogSigmoid(-z) - Math.Log(eps));
    });

    [Fact]
    public void Discopop() => Check("discopop", (pc, pr, rc, rr) =>
    {
        var z = 0.1 * Gap(pc, pr, rc, rr);
        var m = Sigmoid(z / 0.05);
        // exp(−z)·m, with m's exponent folded in so z = −50 gives exp(50 − 1000) = 0, as the paper's limit.
        var exponential = Math.Exp(-z + LogSigmoid(z / 0.05));
        return (1 - m) * -LogSigmoid(z) + exponential;
    });
}
