using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// F.linear without autograd on at most 32 float32 rows takes the shim's small-batch kernel
// (native/src/small_batch_linear.cpp), the path decoding runs through. These check it against
// products in doubles at the shapes where its tiles and tails meet: rows 1..33 (tiles of 4, 2, 1;
// 33 is past the kernel and takes at::linear), weight rows not a multiple of 3, K not a multiple of 8.
public class SmallBatchLinearTests
{
    static double[] Uniform(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    static double[] Reference(double[] x, double[] w, double[]? b, int m, int k, int n)
    {
        var y = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = b?[j] ?? 0;
                for (var p = 0; p < k; p++) s += x[i * k + p] * w[j * k + p];
                y[i * n + j] = s;
            }
        return y;
    }

    /// <summary>The [cols, rows] row-major transpose of a [rows, cols] row-major matrix.</summary>
    static double[] Transpose(double[] a, int rows, int cols)
    {
        var t = new double[rows * cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
        return t;
    }

    static Tensor Floats(double[] values, params long[] shape) => torch.tensor(values.Select(v => (float)v).ToArray(), shape);

    [Theory]
    [InlineData(1, 8, 3, true)]
    [InlineData(1, 512, 50, false)]
    [InlineData(2, 7, 5, true)]
    [InlineData(3, 9, 4, false)]
    [InlineData(4, 16, 6, true)]
    [InlineData(5, 1, 7, true)]
    [InlineData(7, 33, 1, false)]
    [InlineData(16, 64, 101, true)]
    [InlineData(32, 24, 9, true)]
    [InlineData(33, 24, 9, true)]
    public void MatchesProductsInDoubles(int m, int k, int n, bool withBias)
    {
        var random = new Random(m * 1000 + k * 10 + n);
        double[] x = Uniform(random, m * k), w = Uniform(random, n * k);
        var b = withBias ? Uniform(random, n) : null;
        using var xt = Floats(x, m, k);
        using var wt = Floats(w, n, k);
        using var bt = b is null ? null : Floats(b, n);
        using var _ = torch.no_grad();
        using var y = F.linear(xt, wt, bt);
        Shape(y, m, n);
        Close(Reference(x, w, b, m, k, n), y, atol: 1e-5 * k + 1e-6);
    }

    [Fact]
    public void LeadingDimensionsAndStridedInputKeepTheirShape()
    {
        var random = new Random(7);
        double[] x = Uniform(random, 6 * 20), w = Uniform(random, 11 * 20), b = Uniform(random, 11);
        using var wt = Floats(w, 11, 20);
        using var bt = Floats(b, 11);
        using var _ = torch.no_grad();

        // [2, 3, 20]: six rows, the output [2, 3, 11].
        using var x3 = Floats(x, 2, 3, 20);
        using var y3 = F.linear(x3, wt, bt);
        Shape(y3, 2, 3, 11);
        Close(Reference(x, w, b, 6, 20, 11), y3, atol: 1e-4);

        // A transposed view of [20, 6]: the same rows, not contiguous.
        using var stored = Floats(Transpose(x, 6, 20), 20, 6);
        using var view = stored.t();
        using var y = F.linear(view, wt, bt);
        Close(Reference(x, w, b, 6, 20, 11), y, atol: 1e-4);

        // A transposed weight view (GPT-2's Conv1D layout) is not the kernel's and still multiplies right.
        using var wStored = Floats(Transpose(w, 11, 20), 20, 11);
        using var wView = wStored.t();
        using var yConv = F.linear(x3, wView, bt);
        Close(Reference(x, w, b, 6, 20, 11), yConv, atol: 1e-4);
    }

    [Fact]
    public void WithAutogradTheProductStillHasGradients()
    {
        // Grad mode on and a weight that wants gradients: at::linear records the product.
        var random = new Random(3);
        double[] x = Uniform(random, 4 * 10), w = Uniform(random, 5 * 10);
        using var xt = Floats(x, 4, 10);
        using var wt = Floats(w, 5, 10);
        wt.requires_grad_(true);
        using var y = F.linear(xt, wt);
        using var loss = y.sum();
        loss.backward();
        // d sum(x Wᵀ) / dW[j, p] = Σ_i x[i, p]
        var expected = new double[5 * 10];
        for (var j = 0; j < 5; j++)
            for (var p = 0; p < 10; p++)
                for (var i = 0; i < 4; i++) expected[j * 10 + p] += x[i * 10 + p];
        using var grad = wt.grad!;
        Close(expected, grad, atol: 1e-5);
    }
}
