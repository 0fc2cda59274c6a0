using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "torch.nn.functional" (activations, normalisation, losses, embedding, attention).
public class NNFunctionalTests
{
    private static readonly double[] Xs = [-4, -1.5, -0.25, 0, 0.3, 1, 2.5, 6];

    [Fact]
    public void SoftmaxAndLogSoftmaxAlongEachDim()
    {
        double[] a = [1, 2, 3, 0, -1, 5];
        using var x = torch.tensor(a, 2, 3);
        using var sm = F.softmax(x, -1);
        using var lsm = F.log_softmax(x, 1);
        var expected = Softmax(a[..3]).Concat(Softmax(a[3..])).ToArray();
        Close(expected, sm, 1e-15);
        Close(LogSoftmax(a[..3]).Concat(LogSoftmax(a[3..])).ToArray(), lsm, 1e-15);
        // e.g. softmax([1,2,3])[0] = 1 / (1 + e + e²)
        Close(1 / (1 + Math.E + Math.E * Math.E), Values(sm)[0], 1e-15);

        using var col = F.softmax(x, 0);
        var c0 = Softmax([1, 0]);
        Close(c0[0], Values(col)[0], 1e-15);
        Close(c0[1], Values(col)[3], 1e-15);

        // Huge logits stay finite: log_softmax([0, -1000, 1000]) = [-1000, -2000, 0]
        using var big = torch.tensor(new float[] { 0, -1000, 1000 });
        using var lb = F.log_softmax(big, 0);
        Assert.Equal(new float[] { -1000, -2000, 0 }, lb.data<float>());

        using var half = x.to(ScalarType.Float16);
        using var up = F.softmax(half, -1, ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, up.dtype);
        Close(expected, up, 2e-3);
    }

    [Fact]
    public void LogSigmoidAndSigmoid()
    {
        using var x = torch.tensor(Xs);
        using var ls = F.logsigmoid(x);
        using var s = F.sigmoid(x);
        Close(Xs.Select(LogSigmoid).ToArray(), ls, 1e-15);
        Close(Xs.Select(Sigmoid).ToArray(), s, 1e-15);
        Close(-Math.Log(2), Values(ls)[3], 1e-15);
    }

    [Fact]
    public void LogSigmoidStaysFiniteAtExtremeInputs()
    {
        using var x = torch.tensor(new float[] { -1000, -50, 50, 1000 });
        using var ls = F.logsigmoid(x);
        var v = Values(ls);
        Assert.All(v, d => Assert.True(double.IsFinite(d)));
        Assert.Equal(-1000.0, v[0]);
        Close(-50.0, v[1], 1e-5);
        // log σ(50) = -log1p(e^-50) ≈ -e^-50 = -1.9287e-22: tiny but not rounded to zero.
        Close([-Math.Exp(-50)], [v[2]], 0, 1e-5);
        Assert.Equal(0.0, v[3]);

        using var xg = torch.tensor(new double[] { -1000, -50, 50, 1000 }).requires_grad_();
        using var sum = F.logsigmoid(xg).sum();
        sum.backward();
        using var g = xg.grad!;
        // d/dx log σ(x) = σ(-x)
        Close([1, 1, Math.Exp(-50), 0], g, 1e-30, 1e-12);
    }

    [Fact]
    public void SoftplusWithBetaAndThreshold()
    {
        using var x = torch.tensor(new double[] { -3, 0, 1, 15, 25 });
        using var sp = F.softplus(x);
        Close(new double[] { -3, 0, 1, 15 }.Select(v => Math.Log(1 + Math.Exp(v))).Append(25).ToArray(), sp, 1e-14);
        using var sp2 = F.softplus(x, beta: 2, threshold: 20);
        // β x above the threshold returns x itself: 15·2 = 30 > 20 and 25·2 = 50 > 20.
        Close(new double[] { -3, 0, 1 }.Select(v => Math.Log(1 + Math.Exp(2 * v)) / 2).Concat([15.0, 25.0]).ToArray(), sp2, 1e-14);
        Close(Math.Log(2), Values(sp)[1], 1e-15);
    }

    [Fact]
    public void ReluGeluSiluTanh()
    {
        using var x = torch.tensor(Xs);
        using var relu = F.relu(x);
        using var gelu = F.gelu(x);
        using var geluTanh = F.gelu(x, approximate: "tanh");
        using var silu = F.silu(x);
        using var tanh = F.tanh(x);
        Assert.Equal(Xs.Select(v => Math.Max(v, 0)).ToArray(), relu.data<double>());
        Close(Xs.Select(Gelu).ToArray(), gelu, 1e-15, 1e-13);
        var k = Math.Sqrt(2 / Math.PI);
        Close(Xs.Select(v => 0.5 * v * (1 + Math.Tanh(k * (v + 0.044715 * v * v * v)))).ToArray(), geluTanh, 1e-15, 1e-12);
        Close(Xs.Select(v => v * Sigmoid(v)).ToArray(), silu, 1e-15);
        Close(Xs.Select(Math.Tanh).ToArray(), tanh, 1e-15);
        // the two GELUs differ, which the test would miss if both called the same kernel
        Assert.True(Math.Abs(Values(gelu)[1] - Values(geluTanh)[1]) > 1e-5);
        Assert.Throws<ArgumentException>(() => F.gelu(x, "sigmoid"));
    }

    private static readonly double[] Logits = [1, 2, 3, 4, /* row 1 */ 0, 0, 0, 0, /* row 2 */ 2, -1, 0.5, 3];

    private static double Nll(int row, int cls) => -LogSoftmax(Logits[(row * 4)..(row * 4 + 4)])[cls];

    [Fact]
    public void CrossEntropyAveragesOverTargetsThatAreNotIgnored()
    {
        using var logits = torch.tensor(Logits, 3, 4);
        using var t = torch.tensor(new long[] { 3, -100, 0 });
        using var mean = F.cross_entropy(logits, t);
        Close((Nll(0, 3) + Nll(2, 0)) / 2, mean.item<double>(), 1e-14);
        using var sum = F.cross_entropy(logits, t, reduction: Reduction.Sum);
        Close(Nll(0, 3) + Nll(2, 0), sum.item<double>(), 1e-14);
        using var none = F.cross_entropy(logits, t, reduction: Reduction.None);
        Close([Nll(0, 3), 0, Nll(2, 0)], none, 1e-14);
        // row 1 is uniform: -log(1/4)
        Close(Math.Log(4), Nll(1, 2), 1e-15);

        using var t2 = torch.tensor(new long[] { 3, 2, 2 });
        using var custom = F.cross_entropy(logits, t2, ignore_index: 2);
        Close(Nll(0, 3), custom.item<double>(), 1e-14);
        using var all = F.cross_entropy(logits, t2);
        Close((Nll(0, 3) + Nll(1, 2) + Nll(2, 2)) / 3, all.item<double>(), 1e-14);

        using var weight = torch.tensor(new double[] { 2, 1, 1, 0.5 });
        using var weighted = F.cross_entropy(logits, torch.tensor(new long[] { 3, 1, 0 }), weight);
        Close((0.5 * Nll(0, 3) + 1 * Nll(1, 1) + 2 * Nll(2, 0)) / 3.5, weighted.item<double>(), 1e-14);
    }

    [Fact]
    public void CrossEntropyWithLabelSmoothing()
    {
        // (1-ε)·nll + ε·mean over classes of -log p, averaged over the rows that are not ignored.
        const double eps = 0.1;
        double Smooth(int row) => -LogSoftmax(Logits[(row * 4)..(row * 4 + 4)]).Average();
        using var logits = torch.tensor(Logits, 3, 4);
        using var t = torch.tensor(new long[] { 3, -100, 0 });
        using var loss = F.cross_entropy(logits, t, label_smoothing: eps);
        var expected = ((1 - eps) * (Nll(0, 3) + Nll(2, 0)) + eps * (Smooth(0) + Smooth(2))) / 2;
        Close(expected, loss.item<double>(), 1e-14);
    }

    [Fact]
    public void CrossEntropyOverASequenceDimension()
    {
        // [N=1, C=4, L=3]: the class dim is 1, as in PyTorch.
        using var logits = torch.tensor(Logits, 3, 4).t().unsqueeze(0);
        using var t = torch.tensor(new long[] { 0, 1, -100 }, 1, 3);
        using var loss = F.cross_entropy(logits, t);
        Close((Nll(0, 0) + Nll(1, 1)) / 2, loss.item<double>(), 1e-14);
        using var nll = F.nll_loss(F.log_softmax(torch.tensor(Logits, 3, 4), 1), torch.tensor(new long[] { 1, 1, 1 }));
        Close((Nll(0, 1) + Nll(1, 1) + Nll(2, 1)) / 3, nll.item<double>(), 1e-14);
    }

    [Fact]
    public void MseAndBinaryCrossEntropyWithLogits()
    {
        using var a = torch.tensor(new double[] { 1, 2, 3 });
        using var b = torch.tensor(new double[] { 1.5, 0, 3 });
        using var mse = F.mse_loss(a, b);
        Close((0.25 + 4 + 0) / 3, mse.item<double>(), 1e-15);

        double[] z = [-2, 0.5, 3];
        double[] y = [0, 1, 0.25];
        using var tz = torch.tensor(z);
        using var ty = torch.tensor(y);
        using var bce = F.binary_cross_entropy_with_logits(tz, ty);
        var expected = Enumerable.Range(0, 3).Select(i => -(y[i] * LogSigmoid(z[i]) + (1 - y[i]) * LogSigmoid(-z[i]))).Average();
        Close(expected, bce.item<double>(), 1e-15);
    }

    [Fact]
    public void LayerNormWithWeightAndBias()
    {
        double[] x = [1, 2, 3, 4, 2, 4, 6, 10];
        double[] w = [1, 2, 0.5, -1];
        double[] b = [0, 0.1, 0.2, 0.3];
        const double eps = 1e-5;
        var expected = new double[8];
        for (var r = 0; r < 2; r++)
        {
            var row = x[(r * 4)..(r * 4 + 4)];
            var mu = row.Average();
            var varb = row.Sum(v => (v - mu) * (v - mu)) / 4; // biased, as layer norm uses
            for (var i = 0; i < 4; i++) expected[r * 4 + i] = (row[i] - mu) / Math.Sqrt(varb + eps) * w[i] + b[i];
        }
        // row 0: mean 2.5, var 1.25 → first element -1.5/√1.25000001
        Close(-1.5 / Math.Sqrt(1.25 + eps), expected[0], 1e-15);
        using var tx = torch.tensor(x, 2, 4);
        using var tw = torch.tensor(w);
        using var tb = torch.tensor(b);
        using var y = F.layer_norm(tx, [4], tw, tb, eps);
        Close(expected, y, 1e-12);
        using var plain = F.layer_norm(tx, [4]);
        using var rowMean = plain.mean(-1);
        using var rowVar = plain.var(-1, correction: 0);
        Close([0, 0], rowMean, 1e-12);
        Close([1 - eps / (1.25 + eps), 1 - eps / (8.75 + eps)], rowVar, 1e-10); // var/(var+eps); row 1 var 35/4
        using var f32 = F.layer_norm(tx.to(ScalarType.Float32), [4], tw.to(ScalarType.Float32), tb.to(ScalarType.Float32));
        Close(expected, f32, 1e-5);
    }

    [Fact]
    public void RmsNorm()
    {
        double[] x = [1, -2, 2, 0.5, 0.5, 0.5];
        double[] w = [1, 0.5, 2];
        const double eps = 1e-6;
        var expected = new double[6];
        for (var r = 0; r < 2; r++)
        {
            var row = x[(r * 3)..(r * 3 + 3)];
            var rms = Math.Sqrt(row.Average(v => v * v) + eps);
            for (var i = 0; i < 3; i++) expected[r * 3 + i] = row[i] / rms * w[i];
        }
        Close(1 / Math.Sqrt(3 + eps), expected[0], 1e-15); // row 0: mean square (1+4+4)/3 = 3
        using var tx = torch.tensor(x, 2, 3);
        using var tw = torch.tensor(w);
        using var y = F.rms_norm(tx, tw, eps);
        Assert.Equal(ScalarType.Float64, y.dtype);
        Close(expected, y, 1e-14);
        using var bx = tx.to(ScalarType.BFloat16);
        using var bw = tw.to(ScalarType.BFloat16);
        using var by = F.rms_norm(bx, bw, eps);
        Assert.Equal(ScalarType.BFloat16, by.dtype);
        Close(expected, by, 0.02);
        using var noWeight = F.rms_norm(tx, null, eps);
        Close(expected.Select((v, i) => v / w[i % 3]).ToArray(), noWeight, 1e-14);
    }

    [Fact]
    public void EmbeddingLooksUpRows()
    {
        using var weight = torch.arange(0.0, 12.0, 1.0).view(4, 3);
        using var idx = torch.tensor(new long[] { 0, 2, 3, 3 }, 2, 2);
        using var e = F.embedding(idx, weight);
        Shape(e, 2, 2, 3);
        Assert.Equal(new float[] { 0, 1, 2, 6, 7, 8, 9, 10, 11, 9, 10, 11 }, e.data<float>());
        using var bad = torch.tensor(new long[] { 4 });
        Assert.Throws<TorchException>(() => F.embedding(bad, weight));
    }

    // ---- scaled dot-product attention: 1 head, 3 positions, head dim 2 ----

    private static readonly double[] Q = [1, 0, 0, 1, 1, 1];
    private static readonly double[] K = [1, 0, 0, 1, 1, -1];
    private static readonly double[] V = [1, 2, 3, 4, 5, 6];

    /// <summary>softmax(q kᵀ/√d + bias) v, row by row in doubles; bias -∞ excludes a key.</summary>
    private static double[] Attention(Func<int, int, double> bias)
    {
        var o = new double[6];
        for (var i = 0; i < 3; i++)
        {
            var s = new double[3];
            for (var j = 0; j < 3; j++) s[j] = (Q[2 * i] * K[2 * j] + Q[2 * i + 1] * K[2 * j + 1]) / Math.Sqrt(2) + bias(i, j);
            var m = s.Max();
            var e = s.Select(v => Math.Exp(v - m)).ToArray();
            var z = e.Sum();
            for (var j = 0; j < 3; j++)
            {
                o[2 * i] += e[j] / z * V[2 * j];
                o[2 * i + 1] += e[j] / z * V[2 * j + 1];
            }
        }
        return o;
    }

    private static (Tensor q, Tensor k, Tensor v) Qkv() =>
        (torch.tensor(Q, 1, 1, 3, 2), torch.tensor(K, 1, 1, 3, 2), torch.tensor(V, 1, 1, 3, 2));

    /// <summary>The same attention written with Halos ops: matmul, masked softmax, matmul.</summary>
    private static Tensor Composed(Tensor q, Tensor k, Tensor v, Tensor? boolKeep, Tensor? additive)
    {
        using var scope = torch.NewDisposeScope();
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(2);
        if (boolKeep is not null) scores = scores.masked_fill(~boolKeep, double.NegativeInfinity);
        if (additive is not null) scores = scores + additive;
        return scope.MoveToOuter(F.softmax(scores, -1).matmul(v));
    }

    [Fact]
    public void AttentionCausalMatchesTheHandComputedExample()
    {
        var (q, k, v) = Qkv();
        using (q) using (k) using (v)
        {
            using var o = F.scaled_dot_product_attention(q, k, v, is_causal: true);
            Shape(o, 1, 1, 3, 2);
            // Position 0 sees only key 0: the output is v0.
            // Position 1 sees keys 0, 1 with scores 0 and 1/√2: weights 1/(1+e^{1/√2}) and e^{1/√2}/(1+e^{1/√2}).
            var w1 = 1 / (1 + Math.Exp(1 / Math.Sqrt(2)));
            double[] firstTwoRows = [1, 2, w1 * 1 + (1 - w1) * 3, w1 * 2 + (1 - w1) * 4];
            var expected = Attention((i, j) => j > i ? double.NegativeInfinity : 0);
            Close(firstTwoRows, expected[..4], 1e-15);
            Close(expected, o, 1e-14);

            using var tri = torch.ones([3, 3], ScalarType.Bool).tril();
            using var composed = Composed(q, k, v, tri, null);
            Close(Values(composed), o, 1e-14);

            using var open = F.scaled_dot_product_attention(q, k, v);
            Close(Attention((_, _) => 0), open, 1e-14);
            Assert.NotEqual(Values(open)[1], Values(o)[1]); // the causal mask changed something
        }
    }

    [Fact]
    public void AttentionWithABooleanMask()
    {
        var (q, k, v) = Qkv();
        using (q) using (k) using (v)
        {
            // true = may attend. Row 0 sees keys 1, 2; row 1 sees only key 2; row 2 sees keys 0, 2.
            bool[] keep = [false, true, true, false, false, true, true, false, true];
            using var mask = torch.tensor(keep, 3, 3);
            using var o = F.scaled_dot_product_attention(q, k, v, mask);
            var expected = Attention((i, j) => keep[i * 3 + j] ? 0 : double.NegativeInfinity);
            Close([5, 6], expected[2..4], 1e-15); // a single visible key passes its value through
            Close(expected, o, 1e-14);
            using var composed = Composed(q, k, v, mask, null);
            Close(Values(composed), o, 1e-14);
        }
    }

    [Fact]
    public void AttentionWithAFloatMaskAddsToTheScores()
    {
        var (q, k, v) = Qkv();
        using (q) using (k) using (v)
        {
            double[] bias = [0, -1, -2, 0.5, 0, double.NegativeInfinity, 0, 0, 3];
            using var mask = torch.tensor(bias, 3, 3);
            using var o = F.scaled_dot_product_attention(q, k, v, mask);
            var expected = Attention((i, j) => bias[i * 3 + j]);
            Close(expected, o, 1e-14);
            using var composed = Composed(q, k, v, null, mask);
            Close(Values(composed), o, 1e-14);

            // An explicit scale replaces 1/√d.
            using var scaled = F.scaled_dot_product_attention(q, k, v, scale: 1.0);
            using var sq = q * Math.Sqrt(2); // scale 1 on q equals the default scale on √2·q
            using var viaQ = F.scaled_dot_product_attention(sq, k, v);
            Close(Values(viaQ), scaled, 1e-14);
        }
    }

    [Fact]
    public void AttentionOverBatchesAndHeads()
    {
        var rng = new Random(3);
        Tensor Rand(params long[] shape) =>
            torch.tensor(Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), shape);
        using var q = Rand(2, 3, 4, 5);
        using var k = Rand(2, 3, 6, 5);
        using var v = Rand(2, 3, 6, 7);
        using var o = F.scaled_dot_product_attention(q, k, v);
        Shape(o, 2, 3, 4, 7);
        using var composed = F.softmax(q.matmul(k.transpose(-2, -1)) / Math.Sqrt(5), -1).matmul(v);
        Close(Values(composed), o, 1e-13);
    }
}

[Collection(TorchGlobalStateCollection.Name)]
public class DropoutTests
{
    [Fact]
    public void ZeroProbabilityAndEvalModeAreTheIdentity()
    {
        torch.manual_seed(0);
        using var x = torch.randn(1000);
        using var p0 = F.dropout(x, 0);
        using var eval = F.dropout(x, 0.5, training: false);
        Assert.Equal(x.data<float>(), p0.data<float>());
        Assert.Equal(x.data<float>(), eval.data<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => F.dropout(x, 1.5));
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(0.75, 4.0)]
    [InlineData(0.2, 1.25)]
    public void TrainingZeroesAboutPAndScalesTheRestByOneOverOneMinusP(double p, double scale)
    {
        torch.manual_seed(17);
        const int n = 200_000;
        using var ones = torch.ones(n);
        using var d = F.dropout(ones, p);
        var v = d.data<float>();
        var zeros = v.Count(e => e == 0);
        Assert.InRange(zeros / (double)n, p - 0.01, p + 0.01);
        // every kept element is exactly 1/(1-p) in float32 (to the last bit of the float32 division)
        var kept = v.Where(e => e != 0).Distinct().ToArray();
        Assert.Single(kept);
        Close([scale], [kept[0]], scale * 1.2e-7);
        Assert.InRange(v.Average(e => (double)e), 0.98, 1.02); // the mean is preserved

        torch.manual_seed(17);
        using var again = F.dropout(ones, p);
        Assert.Equal(v, again.data<float>());
    }

    [Fact]
    public void TrainingDropoutOfEverythingGivesZeros()
    {
        using var x = torch.ones(10);
        using var d = F.dropout(x, 1);
        Assert.Equal(new float[10], d.data<float>());
    }
}
