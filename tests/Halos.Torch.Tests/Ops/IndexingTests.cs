using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "Indexing, Slicing, Joining, Mutating Ops" and the view methods of Tensor.
// The 2x3 matrix used throughout is arange(6).view(2, 3) = [[0, 1, 2], [3, 4, 5]].
public class IndexingTests
{
    private static Tensor M() => torch.arange(0.0, 6.0, 1.0).view(2, 3);

    [Fact]
    public void ViewSharesStorageWithItsBase()
    {
        using var x = torch.arange(0.0, 6.0, 1.0);
        using var v = x.view(2, 3);
        using var inferred = x.view(3, -1);
        Shape(v, 2, 3);
        Shape(inferred, 3, 2);
        Assert.Equal(new long[] { 3, 1 }, v.stride());
        using (var row = v[1]) row.add_(10);
        Assert.Equal(new float[] { 0, 1, 2, 13, 14, 15 }, x.data<float>()); // writes through the view
    }

    [Fact]
    public void TransposeAndPermuteAreStridedViews()
    {
        using var m = M();
        using var t = m.transpose(0, 1);
        Shape(t, 3, 2);
        Assert.Equal(new long[] { 1, 3 }, t.stride());
        Assert.False(t.is_contiguous());
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.data<float>()); // readout is row-major of the view
        using var tt = m.t(); using var mt = m.mT;
        Assert.Equal(t.data<float>(), tt.data<float>());
        Assert.Equal(t.data<float>(), mt.data<float>());

        using var c = t.contiguous();
        Assert.True(c.is_contiguous());
        Assert.Equal(new long[] { 2, 1 }, c.stride());
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, c.data<float>());

        using var x = torch.arange(0.0, 24.0, 1.0).view(2, 3, 4);
        using var p = x.permute(2, 0, 1);
        Shape(p, 4, 2, 3);
        // p[k, i, j] = x[i, j, k] = 12 i + 4 j + k
        using var e = p[3][1][2];
        Assert.Equal(12 + 8 + 3f, e.item<float>());
    }

    [Fact]
    public void ViewOfANonContiguousTensorFailsButReshapeCopies()
    {
        using var t = M().transpose(0, 1);
        var ex = Assert.Throws<TorchException>(() => t.view(6));
        Assert.Contains("view size is not compatible", ex.Message);
        using var r = t.reshape(6);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, r.data<float>());
        using var r2 = M().reshape(-1, 2);
        Shape(r2, 3, 2);
    }

    [Fact]
    public void NarrowSliceSelectAndIndexers()
    {
        using var m = M();
        using var n = m.narrow(1, 1, 2);
        Assert.Equal(new float[] { 1, 2, 4, 5 }, n.data<float>());
        using var s = m.slice(1, 0, null, 2);
        Assert.Equal(new float[] { 0, 2, 3, 5 }, s.data<float>());
        using var s2 = m.slice(1, 1, 2);
        Assert.Equal(new float[] { 1, 4 }, s2.data<float>());
        using var sel = m.select(1, -1);
        Shape(sel, 2);
        Assert.Equal(new float[] { 2, 5 }, sel.data<float>());
        using var row = m[1];
        Assert.Equal(new float[] { 3, 4, 5 }, row.data<float>());
        using var big = torch.arange(0.0, 5.0, 1.0);
        using var range = big[1..^1];
        Assert.Equal(new float[] { 1, 2, 3 }, range.data<float>());
        using var flat = m.flatten();
        Shape(flat, 6);
    }

    [Fact]
    public void IndexSelectGatherAndAdvancedIndexing()
    {
        using var m = M();
        using var idx = torch.tensor(new long[] { 2, 0, 2 });
        using var cols = m.index_select(1, idx);
        Assert.Equal(new float[] { 2, 0, 2, 5, 3, 5 }, cols.data<float>());

        // gather(1, i)[r, c] = m[r, i[r, c]]
        using var gi = torch.tensor(new long[] { 0, 0, 2, 1 }, 2, 2);
        using var g = m.gather(1, gi);
        Assert.Equal(new float[] { 0, 0, 5, 4 }, g.data<float>());

        using var rows = torch.tensor(new long[] { 1, 1, 0 });
        using var picked = m[rows];
        Shape(picked, 3, 3);
        Assert.Equal(new float[] { 3, 4, 5, 3, 4, 5, 0, 1, 2 }, picked.data<float>());

        using var mask = m > 2.5;
        using var masked = m[mask];
        using var ms = m.masked_select(mask);
        Assert.Equal(new float[] { 3, 4, 5 }, masked.data<float>());
        Assert.Equal(new float[] { 3, 4, 5 }, ms.data<float>());
    }

    [Fact]
    public void ScatterAndScatterAdd()
    {
        using var z = torch.zeros(2, 3);
        using var src = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var idx = torch.tensor(new long[] { 2, 0, 1, 1 }, 2, 2);
        using var s = z.scatter(1, idx, src);
        Assert.Equal(new float[] { 2, 0, 1, 0, 4, 0 }, s.data<float>()); // the later write (4) wins at [1,1]
        using var sa = z.scatter_add(1, idx, src);
        Assert.Equal(new float[] { 2, 0, 1, 0, 7, 0 }, sa.data<float>());
    }

    [Fact]
    public void MaskedFillAndWhere()
    {
        using var m = M();
        using var mask = torch.tensor(new[] { true, false, true, false, false, true }, 2, 3);
        using var f = m.masked_fill(mask, -1);
        Assert.Equal(new float[] { -1, 1, -1, 3, 4, -1 }, f.data<float>());
        using var ninf = m.masked_fill(mask, double.NegativeInfinity);
        Assert.Equal(new double[] { double.NegativeInfinity, 1, double.NegativeInfinity, 3, 4, double.NegativeInfinity }, Values(ninf));

        using var rowMask = torch.tensor(new[] { false, true, false }); // broadcast over rows
        using var fb = m.masked_fill(rowMask, 9);
        Assert.Equal(new float[] { 0, 9, 2, 3, 9, 5 }, fb.data<float>());

        using var ints = torch.tensor(new long[] { 1, 2, 3 });
        using var fi = ints.masked_fill(rowMask, 7);
        Assert.Equal(ScalarType.Int64, fi.dtype);
        Assert.Equal(new long[] { 1, 7, 3 }, fi.data<long>());

        using var other = torch.full([2, 3], 100);
        using var w = torch.where(mask, m, other);
        Assert.Equal(new float[] { 0, 100, 2, 100, 100, 5 }, w.data<float>());
        using var ws = torch.where(mask, m, 0.5);
        Assert.Equal(new float[] { 0, 0.5f, 2, 0.5f, 0.5f, 5 }, ws.data<float>());
        using var wi = torch.where(rowMask, ints, 0.5); // promotes instead of truncating 0.5 to 0
        Assert.Equal(ScalarType.Float32, wi.dtype);
        Assert.Equal(new float[] { 0.5f, 2, 0.5f }, wi.data<float>());
        using var wi2 = torch.where(rowMask, ints, -1);
        Assert.Equal(ScalarType.Int64, wi2.dtype);
        Assert.Equal(new long[] { -1, 2, -1 }, wi2.data<long>());
        using var wm = m.where(mask, other);
        Assert.Equal(w.data<float>(), wm.data<float>());
    }

    [Fact]
    public void CatAndStack()
    {
        using var a = torch.tensor(new float[] { 1, 2 }, 1, 2);
        using var b = torch.tensor(new float[] { 3, 4, 5, 6 }, 2, 2);
        using var c0 = torch.cat([a, b]);
        Shape(c0, 3, 2);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c0.data<float>());
        using var bt = b.t();
        using var c1 = torch.cat([b, bt], 1);
        Shape(c1, 2, 4);
        Assert.Equal(new float[] { 3, 4, 3, 5, 5, 6, 4, 6 }, c1.data<float>());

        using var x = torch.tensor(new float[] { 1, 2 });
        using var y = torch.tensor(new float[] { 3, 4 });
        using var s0 = torch.stack([x, y]); using var s1 = torch.stack([x, y], 1);
        Shape(s0, 2, 2);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, s0.data<float>());
        Assert.Equal(new float[] { 1, 3, 2, 4 }, s1.data<float>());
        Assert.Throws<ArgumentException>(() => torch.cat(Array.Empty<Tensor>()));
    }

    [Fact]
    public void SplitAndChunk()
    {
        using var x = torch.arange(0.0, 7.0, 1.0);
        var parts = x.split(3);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new float[] { 0, 1, 2 }, parts[0].data<float>());
        Assert.Equal(new float[] { 6 }, parts[2].data<float>());
        var sized = x.split([1, 4, 2]);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, sized[1].data<float>());
        Assert.Equal(new float[] { 5, 6 }, sized[2].data<float>());
        Assert.Throws<TorchException>(() => x.split([1, 2]));

        var chunks = x.chunk(3); // ceil(7/3) = 3 → sizes 3, 3, 1
        Assert.Equal(new long[] { 3, 3, 1 }, chunks.Select(c => c.size(0)).ToArray());
        using var m = M();
        var halves = m.chunk(2, 0);
        Assert.Equal(new float[] { 3, 4, 5 }, halves[1].data<float>());
        var byCol = m.chunk(3, 1);
        Assert.Equal(new float[] { 1, 4 }, byCol[1].data<float>());
        foreach (var t in parts.Concat(sized).Concat(chunks).Concat(halves).Concat(byCol)) t.Dispose();
    }

    [Fact]
    public void ExpandRepeatSqueezeUnsqueeze()
    {
        using var x = torch.tensor(new float[] { 1, 2, 3 }, 3, 1);
        using var e = x.expand(3, 4);
        Shape(e, 3, 4);
        Assert.Equal(new long[] { 1, 0 }, e.stride()); // no copy
        Assert.Equal(new float[] { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 }, e.data<float>());
        using var e2 = x.expand(2, -1, 2);
        Shape(e2, 2, 3, 2);
        using var r = x.repeat(1, 2);
        Assert.Equal(new float[] { 1, 1, 2, 2, 3, 3 }, r.data<float>());

        using var z = torch.zeros(1, 3, 1);
        using var sq = z.squeeze(); using var sq0 = z.squeeze(0); using var sq1 = z.squeeze(1);
        Shape(sq, 3);
        Shape(sq0, 3, 1);
        Shape(sq1, 1, 3, 1); // a dim that is not 1 is left alone
        using var u0 = sq.unsqueeze(0); using var um = sq.unsqueeze(-1);
        Shape(u0, 1, 3);
        Shape(um, 3, 1);
    }

    [Fact]
    public void TriuAndTril()
    {
        using var a = torch.arange(1.0, 10.0, 1.0).view(3, 3);
        using var u = a.triu(); using var l = a.tril(); using var u1 = torch.triu(a, 1); using var lm1 = torch.tril(a, -1);
        Assert.Equal(new float[] { 1, 2, 3, 0, 5, 6, 0, 0, 9 }, u.data<float>());
        Assert.Equal(new float[] { 1, 0, 0, 4, 5, 0, 7, 8, 9 }, l.data<float>());
        Assert.Equal(new float[] { 0, 2, 3, 0, 0, 6, 0, 0, 0 }, u1.data<float>());
        Assert.Equal(new float[] { 0, 0, 0, 4, 0, 0, 7, 8, 0 }, lm1.data<float>());
        using var ones = torch.ones([2, 3], ScalarType.Bool);
        using var causal = ones.tril();
        Assert.Equal(new[] { true, false, false, true, true, false }, Bools(causal));
    }

    [Fact]
    public void FlipRollAndPad()
    {
        using var m = M();
        using var f = m.flip(1);
        Assert.Equal(new float[] { 2, 1, 0, 5, 4, 3 }, f.data<float>());
        using var r = m.roll([1], [1]);
        Assert.Equal(new float[] { 2, 0, 1, 5, 3, 4 }, r.data<float>());
        using var p = F.pad(m, [1, 0], -1);
        Assert.Equal(new float[] { -1, 0, 1, 2, -1, 3, 4, 5 }, p.data<float>());
    }
}
