using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "BLAS and LAPACK Operations".
public class BlasTests
{
    /// <summary>Row-major C = A·B in doubles: the reference every product here is checked against.</summary>
    internal static double[] MatMul(double[] a, double[] b, int n, int k, int m)
    {
        var c = new double[n * m];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++) s += a[i * k + p] * b[p * m + j];
                c[i * m + j] = s;
            }
        return c;
    }

    [Fact]
    public void MatmulOfTwoMatrices()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var b = torch.tensor(new float[] { 7, 8, 9, 10, 11, 12 }, 3, 2);
        using var c = a.matmul(b);
        // [1·7+2·9+3·11, 1·8+2·10+3·12; 4·7+5·9+6·11, 4·8+5·10+6·12]
        Shape(c, 2, 2);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c.data<float>());
        using var mm = torch.mm(a, b);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, mm.data<float>());
    }

    [Fact]
    public void MatmulWithVectorsAndBroadcastBatches()
    {
        using var a = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var v = torch.tensor(new double[] { 1, 0, -1 });
        using var mv = a.matmul(v);
        Shape(mv, 2);
        Assert.Equal(new double[] { -2, -2 }, mv.data<double>());
        using var w = torch.tensor(new double[] { 1, 1 });
        using var vm = torch.matmul(w, a);
        Assert.Equal(new double[] { 5, 7, 9 }, vm.data<double>());

        // [2, 2, 3] @ [3, 1]: the matrix broadcasts over the batch.
        using var batch = torch.arange(0.0, 12.0, 1.0, ScalarType.Float64).view(2, 2, 3);
        using var col = torch.tensor(new double[] { 1, 2, 3 }, 3, 1);
        using var r = batch.matmul(col);
        Shape(r, 2, 2, 1);
        Assert.Equal(new double[] { 8, 26, 44, 62 }, r.data<double>());
    }

    [Fact]
    public void BmmMultipliesEachBatch()
    {
        double[] a = [1, 2, 3, 4, /* batch 1 */ 0, 1, 1, 0];
        double[] b = [5, 6, 7, 8, /* batch 1 */ 2, 3, 4, 5];
        using var ta = torch.tensor(a, 2, 2, 2);
        using var tb = torch.tensor(b, 2, 2, 2);
        using var r = ta.bmm(tb);
        var expected = MatMul(a[..4], b[..4], 2, 2, 2).Concat(MatMul(a[4..], b[4..], 2, 2, 2)).ToArray();
        Assert.Equal(new double[] { 19, 22, 43, 50, 4, 5, 2, 3 }, expected); // the reference itself, by hand
        Assert.Equal(expected, r.data<double>());
        using var m2 = torch.ones(2, 2);
        Assert.Throws<TorchException>(() => m2.bmm(m2)); // bmm insists on 3-d
    }

    [Fact]
    public void DotOuterAndLinear()
    {
        using var x = torch.tensor(new float[] { 1, 2, 3 });
        using var y = torch.tensor(new float[] { 4, -5, 6 });
        using var dot = x.dot(y);
        Assert.Equal(12f, dot.item<float>());
        using var outer = x.outer(torch.tensor(new float[] { 1, 10 }));
        Assert.Equal(new float[] { 1, 10, 2, 20, 3, 30 }, outer.data<float>());

        // linear: x Wᵀ + b with W [2, 3]
        using var W = torch.tensor(new float[] { 1, 0, 0, 1, 1, 1 }, 2, 3);
        using var bias = torch.tensor(new float[] { 0.5f, -0.5f });
        using var lin = F.linear(x.unsqueeze(0), W, bias);
        Shape(lin, 1, 2);
        Assert.Equal(new float[] { 1.5f, 5.5f }, lin.data<float>());
        using var noBias = F.linear(x, W);
        Assert.Equal(new float[] { 1, 6 }, noBias.data<float>());
    }

    [Fact]
    public void LargerProductsAgreeWithTheTripleLoop()
    {
        const int n = 17, k = 33, m = 9;
        var rng = new Random(11);
        var a = Enumerable.Range(0, n * k).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var b = Enumerable.Range(0, k * m).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var expected = MatMul(a, b, n, k, m);
        using var ta = torch.tensor(a, n, k);
        using var tb = torch.tensor(b, k, m);
        using var c64 = ta.matmul(tb);
        Close(expected, c64, 1e-13);
        using var fa = ta.to(ScalarType.Float32);
        using var fb = tb.to(ScalarType.Float32);
        using var c32 = fa.matmul(fb);
        Close(expected, c32, 1e-5);
        using var ba = ta.to(ScalarType.BFloat16);
        using var bb = tb.to(ScalarType.BFloat16);
        using var c16 = ba.matmul(bb);
        Assert.Equal(ScalarType.BFloat16, c16.dtype);
        Close(expected, c16, 0.1); // inputs rounded to 8 bits: error ~ √k · 2^-8
        // a transposed (non-contiguous) operand gives the same numbers
        using var tbt = tb.t().contiguous().t();
        using var c2 = ta.matmul(tbt);
        Close(expected, c2, 1e-13);
    }
}
