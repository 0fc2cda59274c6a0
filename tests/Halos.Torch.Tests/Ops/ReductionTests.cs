using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "Reduction Ops". The 2x3 matrix used throughout:
//   [[1, 2, 3],
//    [4, 6, 8]]
public class ReductionTests
{
    private static Tensor M() => torch.tensor(new double[] { 1, 2, 3, 4, 6, 8 }, 2, 3);

    [Fact]
    public void SumOverAllAndAlongDims()
    {
        using var m = M();
        using var all = m.sum(); using var rows = m.sum(1); using var cols = m.sum(0);
        using var keep = m.sum(1, keepdim: true); using var both = m.sum([0, 1]); using var neg = m.sum(-1);
        Assert.Empty(all.shape);
        Assert.Equal(24.0, all.item<double>());
        Assert.Equal(new double[] { 6, 18 }, rows.data<double>());
        Assert.Equal(new double[] { 5, 8, 11 }, cols.data<double>());
        Shape(keep, 2, 1);
        Assert.Equal(new double[] { 6, 18 }, keep.data<double>());
        Assert.Equal(24.0, both.item<double>());
        Assert.Equal(new double[] { 6, 18 }, neg.data<double>());
        // dim 0 given as a literal: not mistaken for a dtype (0 converts to any enum in C#)
        using var mean0 = m.mean(0); using var prod0 = m.prod(0); using var std0 = m.std(0);
        Assert.Equal(new double[] { 2.5, 4, 5.5 }, mean0.data<double>());
        Assert.Equal(new double[] { 4, 12, 24 }, prod0.data<double>());
        Close([Math.Sqrt(4.5), Math.Sqrt(8), Math.Sqrt(12.5)], std0, 1e-15);
        using var keepAll = m.sum(keepdim: true);
        Shape(keepAll, 1, 1);
        Assert.Equal(24.0, keepAll.item<double>());
    }

    [Fact]
    public void SumOfIntegersIsInt64AndDtypeCanBeChosen()
    {
        using var i = torch.tensor(new int[] { 1, 2, 3 });
        using var s = i.sum();
        Assert.Equal(ScalarType.Int64, s.dtype); // PyTorch widens integer sums
        Assert.Equal(6L, s.item<long>());
        using var b = torch.tensor(new[] { true, true, false });
        using var count = b.sum();
        Assert.Equal(2L, count.item<long>());
        using var h = torch.full([4096], 1, ScalarType.Float16);
        using var hs = h.sum(dtype: ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, hs.dtype);
        Assert.Equal(4096f, hs.item<float>());
    }

    [Fact]
    public void MeanWithDimsAndKeepdim()
    {
        using var m = M();
        using var all = m.mean(); using var rows = m.mean(1); using var cols = m.mean(0, keepdim: true);
        Assert.Equal(4.0, all.item<double>());
        Assert.Equal(new double[] { 2, 6 }, rows.data<double>());
        Shape(cols, 1, 3);
        Assert.Equal(new double[] { 2.5, 4, 5.5 }, cols.data<double>());
        using var ints = torch.tensor(new long[] { 1, 2 });
        Assert.Throws<TorchException>(() => ints.mean()); // mean needs a floating dtype, as in PyTorch
        using var im = ints.mean(dtype: ScalarType.Float64);
        Assert.Equal(1.5, im.item<double>());
    }

    [Fact]
    public void VarAndStdAreUnbiasedByDefault()
    {
        using var x = torch.tensor(new double[] { 1, 2, 3, 4 });
        // mean 2.5, squared deviations 2.25+0.25+0.25+2.25 = 5
        using var v = x.var(); using var s = x.std(); using var v0 = x.var(correction: 0); using var s0 = x.std(correction: 0);
        Close(5.0 / 3, v.item<double>(), 1e-15);
        Close(Math.Sqrt(5.0 / 3), s.item<double>(), 1e-15);
        Close(1.25, v0.item<double>(), 1e-15);
        Close(Math.Sqrt(1.25), s0.item<double>(), 1e-15);
    }

    [Fact]
    public void VarAndStdAlongADimension()
    {
        using var m = M();
        // row 0: mean 2, dev² 1+0+1 = 2 → var 1. row 1: mean 6, dev² 4+0+4 = 8 → var 4.
        using var v = m.var(1); using var s = m.std(1, keepdim: true); using var v0 = m.var(1, correction: 0);
        Assert.Equal(new double[] { 1, 4 }, v.data<double>());
        Shape(s, 2, 1);
        Assert.Equal(new double[] { 1, 2 }, s.data<double>());
        Close([2.0 / 3, 8.0 / 3], v0, 1e-15);
        // column j: two values a, b → unbiased var (a-b)²/2
        using var vc = m.var(0);
        Assert.Equal(new double[] { 4.5, 8, 12.5 }, vc.data<double>());
        using var vAll = m.var([0, 1]);
        // all six: mean 4, dev² 9+4+1+0+4+16 = 34 → 34/5
        Close(34.0 / 5, vAll.item<double>(), 1e-14);
    }

    [Fact]
    public void MaxOverAllAndAlongADimensionWithIndices()
    {
        using var x = torch.tensor(new float[] { 3, 9, 1, 7, 2, 8 }, 2, 3);
        using var mx = x.max();
        Assert.Equal(9f, mx.item<float>());
        var (values, indices) = x.max(1);
        using (values) using (indices)
        {
            Assert.Equal(new float[] { 9, 8 }, values.data<float>());
            Assert.Equal(ScalarType.Int64, indices.dtype);
            Assert.Equal(new long[] { 1, 2 }, indices.data<long>());
        }
        var (kv, ki) = x.max(0, keepdim: true);
        using (kv) using (ki)
        {
            Shape(kv, 1, 3);
            Assert.Equal(new float[] { 7, 9, 8 }, kv.data<float>());
            Assert.Equal(new long[] { 1, 0, 1 }, ki.data<long>());
        }
        using var mn = x.min();
        Assert.Equal(1f, mn.item<float>());
        var (minv, mini) = x.min(1);
        using (minv) using (mini)
        {
            Assert.Equal(new float[] { 1, 2 }, minv.data<float>());
            Assert.Equal(new long[] { 2, 1 }, mini.data<long>());
        }
        using var amax = x.amax(0); using var amin = x.amin([0, 1]);
        Assert.Equal(new float[] { 7, 9, 8 }, amax.data<float>());
        Assert.Equal(1f, amin.item<float>());
    }

    [Fact]
    public void ArgmaxFlattensWithoutADim()
    {
        using var x = torch.tensor(new float[] { 3, 9, 1, 7, 2, 10 }, 2, 3);
        using var flat = x.argmax(); using var rows = x.argmax(1); using var keep = x.argmax(0, keepdim: true);
        using var amin = x.argmin();
        Assert.Equal(5L, flat.item<long>());
        Assert.Equal(new long[] { 1, 2 }, rows.data<long>());
        Shape(keep, 1, 3);
        Assert.Equal(new long[] { 1, 0, 1 }, keep.data<long>());
        Assert.Equal(2L, amin.item<long>());
    }

    [Fact]
    public void LogSumExpMatchesTheFormulaAndIsStable()
    {
        using var m = M();
        using var rows = m.logsumexp(1); using var keep = torch.logsumexp(m, 0, keepdim: true); using var both = m.logsumexp([0, 1]);
        double Lse(params double[] v) { var mx = v.Max(); return mx + Math.Log(v.Sum(a => Math.Exp(a - mx))); }
        Close([Lse(1, 2, 3), Lse(4, 6, 8)], rows, 1e-14);
        Shape(keep, 1, 3);
        Close([Lse(1, 4), Lse(2, 6), Lse(3, 8)], keep, 1e-14);
        Close(Lse(1, 2, 3, 4, 6, 8), both.item<double>(), 1e-14);

        using var big = torch.tensor(new float[] { 1000, 1000, -1000 });
        using var lse = big.logsumexp(0);
        Close(1000 + Math.Log(2), lse.item<double>(), 1e-4);
    }

    [Fact]
    public void ProdNormCumsum()
    {
        using var m = M();
        using var p = m.prod(); using var pr = m.prod(1); using var n = m.norm(); using var n1 = m.norm(1, [1]);
        using var c = m.cumsum(1);
        Assert.Equal(1152.0, p.item<double>());
        Assert.Equal(new double[] { 6, 192 }, pr.data<double>());
        Close(Math.Sqrt(1 + 4 + 9 + 16 + 36 + 64), n.item<double>(), 1e-14);
        Assert.Equal(new double[] { 6, 18 }, n1.data<double>());
        Assert.Equal(new double[] { 1, 3, 6, 4, 10, 18 }, c.data<double>());
    }

    [Fact]
    public void ReducingAnEmptyDimension()
    {
        using var e = torch.zeros([0, 3]);
        using var s = e.sum(0);
        Assert.Equal(new float[] { 0, 0, 0 }, s.data<float>());
        using var mean = e.mean(0);
        Assert.All(Values(mean), v => Assert.True(double.IsNaN(v)));
        Assert.Throws<TorchException>(() => e.max(0));
    }
}
