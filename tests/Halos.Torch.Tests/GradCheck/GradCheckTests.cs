using Halos.Torch;
using static Halos.Torch.Tests.GradCheck.GradientChecker;

namespace Halos.Torch.Tests.GradCheck;

// Autograd's gradients for the ops a loss or a transformer layer leans on, against central differences in float64.
public class GradCheckTests
{
    [Fact]
    public void TheCheckerCatchesAWrongGradient()
    {
        // f(x) = x · stop_grad(x): autograd reports x, the true derivative is 2x.
        var x = In(Uniform(1, 5, 0.5, 2));
        var worst = WorstRatio(t => t[0] * t[0].detach(), [x]);
        Assert.True(worst > 1000, $"the checker should have flagged the detached factor (worst ratio {worst:G4})");
        Check(t => t[0] * t[0], x); // and passes the honest version
    }

    [Fact]
    public void Matmul() =>
        Check(t => t[0].matmul(t[1]), In(Uniform(2, 12), 3, 4), In(Uniform(3, 8), 4, 2));

    [Fact]
    public void BatchedMatmulWithBroadcast() =>
        Check(t => t[0].matmul(t[1]), In(Uniform(4, 24), 2, 3, 4), In(Uniform(5, 8), 4, 2));

    [Fact]
    public void LogSoftmax() =>
        Check(t => F.log_softmax(t[0], -1), In(Uniform(6, 12, -3, 3), 3, 4));

    [Fact]
    public void LogSoftmaxAlongTheFirstDim() =>
        Check(t => F.log_softmax(t[0], 0), In(Uniform(7, 12, -3, 3), 3, 4));

    [Fact]
    public void LogSigmoid() =>
        Check(t => F.logsigmoid(t[0]), In([-30, -4, -0.5, 0, 0.7, 3, 25]));

    [Fact]
    public void LayerNormWithWeightAndBias() =>
        Check(t => F.layer_norm(t[0], [5], t[1], t[2]),
            In(Uniform(8, 15, -2, 2), 3, 5), In(Uniform(9, 5, 0.5, 1.5)), In(Uniform(10, 5)));

    [Fact]
    public void AttentionCausal() =>
        Check(t => F.scaled_dot_product_attention(t[0], t[1], t[2], is_causal: true),
            In(Uniform(11, 24), 1, 2, 3, 4), In(Uniform(12, 24), 1, 2, 3, 4), In(Uniform(13, 24), 1, 2, 3, 4));

    [Fact]
    public void AttentionWithABooleanMask()
    {
        bool[] keep = [true, false, true, true, true, false, false, true, true];
        Check(t =>
        {
            using var mask = torch.tensor(keep, 3, 3);
            return F.scaled_dot_product_attention(t[0], t[1], t[2], mask);
        }, In(Uniform(14, 12), 1, 3, 4), In(Uniform(15, 12), 1, 3, 4), In(Uniform(16, 6), 1, 3, 2));
    }

    [Fact]
    public void AttentionWithAFloatMaskIncludingTheMask() =>
        // The additive mask is differentiable too (a learned bias, as ALiBi-style models use).
        Check(t => F.scaled_dot_product_attention(t[0], t[1], t[2], t[3]),
            In(Uniform(17, 12), 1, 3, 4), In(Uniform(18, 16), 1, 4, 4), In(Uniform(19, 12), 1, 4, 3), In(Uniform(20, 12, -2, 0), 3, 4));

    [Fact]
    public void CrossEntropyWithIgnoreIndex()
    {
        var targets = new long[] { 2, -100, 0, 3 };
        Check(t =>
        {
            using var target = torch.tensor(targets);
            return F.cross_entropy(t[0], target);
        }, In(Uniform(21, 16, -2, 2), 4, 4));
        // The ignored row gets exactly zero gradient.
        using var logits = torch.tensor(Uniform(21, 16, -2, 2), 4, 4).requires_grad_();
        using var tt = torch.tensor(targets);
        using var loss = F.cross_entropy(logits, tt);
        loss.backward();
        using var g = logits.grad!;
        Assert.Equal(new double[4], g.data<double>()[4..8]);
        // d loss / d logit = (softmax - onehot) / (non-ignored count) on a kept row
        var row0 = Uniform(21, 16, -2, 2)[..4];
        var m = row0.Max();
        var z = row0.Sum(v => Math.Exp(v - m));
        var expected0 = row0.Select((v, j) => (Math.Exp(v - m) / z - (j == 2 ? 1 : 0)) / 3).ToArray();
        Halos.Torch.Tests.Ops.TensorAssert.Close(expected0, g.data<double>()[..4], 1e-14);
    }

    [Fact]
    public void Softplus() =>
        Check(t => F.softplus(t[0], beta: 2), In([-3, -0.5, 0, 0.4, 2, 9]));

    [Fact]
    public void GeluExact() =>
        Check(t => F.gelu(t[0]), In([-3, -1, -0.2, 0, 0.5, 1.5, 4]));

    [Fact]
    public void GeluTanh() =>
        Check(t => F.gelu(t[0], "tanh"), In([-3, -1, -0.2, 0, 0.5, 1.5, 4]));

    [Fact]
    public void Silu() =>
        Check(t => F.silu(t[0]), In([-5, -1, -0.2, 0, 0.5, 2, 6]));

    [Fact]
    public void RmsNormWithWeight() =>
        Check(t => F.rms_norm(t[0], t[1]), In(Uniform(22, 12, -2, 2), 3, 4), In(Uniform(23, 4, 0.5, 1.5)));

    [Fact]
    public void BroadcastArithmeticAndReductions() =>
        Check(t => ((t[0] - t[1]).square().mean(-1) + t[0].logsumexp(0).sum()).sqrt(),
            In(Uniform(24, 6, 0.5, 2), 2, 3), In(Uniform(25, 3)));
}
