using Halos.Abstractions.Losses;
using Halos.Torch;
using static Halos.Losses.Tests.Scalar;

namespace Halos.Losses.Tests;

/// <summary>KTO against eq. 8 of the paper by hand: mixed batches, a batch of one class, extreme log-ratios, and z0's clamp and detach.</summary>
public class UnpairedLossTests
{
    private static LossInputs Inputs(ScalarType dtype, double[] p, double[] r, double[] pkl, double[] rkl, bool[] desirable, bool grad = false)
    {
        Tensor Leaf(double[] v) => grad ? T.Of(dtype, v).requires_grad_() : T.Of(dtype, v);
        return new LossInputs
        {
            Policy = Leaf(p), Reference = T.Of(dtype, r), PolicyKL = Leaf(pkl), ReferenceKL = T.Of(dtype, rkl),
            Desirable = T.Bools(desirable),
        };
    }

    private static double[] Expected(double[] p, double[] r, double[] pkl, double[] rkl, bool[] desirable,
        double beta = 0.1, double wd = 1, double wu = 1)
    {
        var z0 = Math.Max(0, pkl.Zip(rkl, (a, b) => a - b).Average());
        return p.Select((pi, i) =>
        {
            var reward = pi - r[i];
            return desirable[i] ? wd * (1 - Sigmoid(beta * (reward - z0))) : wu * (1 - Sigmoid(beta * (z0 - reward)));
        }).ToArray();
    }

    [Fact]
    public void KtoMatchesEquation8OnAMixedBatch()
    {
        double[] p = [-10, -22, -7, -30], r = [-12, -20, -7.5, -25], pkl = [-15, -18, -11, -9], rkl = [-16, -20, -11.5, -9.3];
        bool[] d = [true, false, true, false];
        var script = TestCache.Load("kto", new Dictionary<string, string> { ["desirable_weight"] = "1.3", ["undesirable_weight"] = "0.7" });
        using var scope = torch.NewDisposeScope();
        var result = script.Compute(Inputs(ScalarType.Float64, p, r, pkl, rkl, d));
        LossAssert.Close(Expected(p, r, pkl, rkl, d, wd: 1.3, wu: 0.7), result.Losses, 1e-12);
        LossAssert.Close([0.1 * 2, 0.1 * 0.5], result.ChosenRewards, 1e-12, "chosen rewards");
        LossAssert.Close([0.1 * -2, 0.1 * -5], result.RejectedRewards, 1e-12, "rejected rewards");
        LossAssert.Close(pkl.Zip(rkl, (a, b) => a - b).Average(), result.Metrics["kl"], 1e-12, "kl");
    }

    [Fact]
    public void KtoWorksOnAMicrobatchOfOneClass()
    {
        double[] p = [-10, -22], r = [-12, -20], pkl = [-15, -18], rkl = [-16, -20];
        var script = TestCache.Load("kto");
        foreach (var d in new[] { new[] { true, true }, new[] { false, false } })
        {
            using var scope = torch.NewDisposeScope();
            var result = script.Compute(Inputs(ScalarType.Float64, p, r, pkl, rkl, d));
            LossAssert.Close(Expected(p, r, pkl, rkl, d), result.Losses, 1e-12);
            Assert.Equal(d[0] ? 2 : 0, result.ChosenRewards!.numel());
            Assert.Equal(d[0] ? 0 : 2, result.RejectedRewards!.numel());
        }
    }

    [Fact]
    public void KtoClampsTheReferencePointAtZeroAndDetachesIt()
    {
        // Mean KL estimate −4 clamps to 0; the loss then cannot depend on the KL pairs at all.
        double[] p = [-10, -22], r = [-12, -20], pkl = [-20, -20], rkl = [-16, -16];
        bool[] d = [true, false];
        var script = TestCache.Load("kto");
        using var scope = torch.NewDisposeScope();
        var inputs = Inputs(ScalarType.Float64, p, r, pkl, rkl, d, grad: true);
        var result = script.Compute(inputs);
        LossAssert.Close(0, result.Metrics["kl"], 1e-15, "z0");
        LossAssert.Close(Expected(p, r, pkl, rkl, d), result.Losses, 1e-12);

        // With a positive KL estimate z0 moves the loss, but still passes no gradient to the KL inputs.
        var positive = Inputs(ScalarType.Float64, p, r, [-10, -10], [-14, -14], d, grad: true);
        var second = script.Compute(positive);
        LossAssert.Close(4, second.Metrics["kl"], 1e-12, "z0");
        second.Losses.sum().backward();
        Assert.True(positive.PolicyKL!.grad is null || positive.PolicyKL.grad.abs().sum().item<double>() == 0);
        Assert.NotEqual(0, positive.Policy!.grad!.abs().sum().item<double>());
    }

    [Fact]
    public void KtoStaysFiniteAtExtremeLogRatios()
    {
        // β·(r − z0) = ±50: σ rounds to exactly 0 or 1 in float32; 1 − σ(x) is computed as σ(−x).
        double[] p = [-10, -510, -10, -510], r = [-510, -10, -510, -10], pkl = [-5, -5, -5, -5], rkl = [-5, -5, -5, -5];
        bool[] d = [true, true, false, false];
        var script = TestCache.Load("kto");
        using var scope = torch.NewDisposeScope();
        var result = script.Compute(Inputs(ScalarType.Float32, p, r, pkl, rkl, d));
        LossAssert.Close(Expected(p, r, pkl, rkl, d), result.Losses, 1e-6);
    }
}
