using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "Comparison Ops" and boolean mask algebra.
public class ComparisonTests
{
    [Fact]
    public void TensorScalarComparisonsGiveBoolMasks()
    {
        using var x = torch.tensor(new float[] { 1, 2, 3 });
        using var lt = x < 2; using var le = x <= 2; using var gt = x > 2; using var ge = x >= 2;
        using var eq = x.eq(2); using var ne = x.ne(2);
        Assert.Equal(new[] { true, false, false }, Bools(lt));
        Assert.Equal(new[] { true, true, false }, Bools(le));
        Assert.Equal(new[] { false, false, true }, Bools(gt));
        Assert.Equal(new[] { false, true, true }, Bools(ge));
        Assert.Equal(new[] { false, true, false }, Bools(eq));
        Assert.Equal(new[] { true, false, true }, Bools(ne));
        using var lt2 = x.lt(2.5); using var ge2 = x.ge(1.5); using var gt2 = x.gt(1); using var le2 = x.le(1);
        Assert.Equal(new[] { true, true, false }, Bools(lt2));
        Assert.Equal(new[] { false, true, true }, Bools(ge2));
        Assert.Equal(new[] { false, true, true }, Bools(gt2));
        Assert.Equal(new[] { true, false, false }, Bools(le2));
    }

    [Fact]
    public void TensorTensorComparisonsBroadcast()
    {
        using var a = torch.tensor(new long[] { 1, 2, 3 }, 3, 1);
        using var b = torch.tensor(new long[] { 2, 3 });
        using var lt = a < b;
        using var eq = a.eq(b);
        using var ge = a >= b;
        Shape(lt, 3, 2);
        Assert.Equal(new[] { true, true, false, true, false, false }, Bools(lt));
        Assert.Equal(new[] { false, false, true, false, false, true }, Bools(eq));
        Assert.Equal(new[] { false, false, true, false, true, true }, Bools(ge));
    }

    [Fact]
    public void EqualityAgainstWholeNumbersOnIntegerTensorsIsExact()
    {
        // 2^53 + 1 and 2^53 differ as int64 but not as double.
        using var a = torch.tensor(new long[] { 9007199254740993L, 4 });
        using var eq = a.eq(4);
        Assert.Equal(new[] { false, true }, Bools(eq));
        using var b = torch.tensor(new long[] { 9007199254740992L });
        using var same = a.narrow(0, 0, 1).eq(b);
        Assert.Equal(new[] { false }, Bools(same));
    }

    [Fact]
    public void MaskAlgebra()
    {
        using var p = torch.tensor(new[] { true, true, false, false });
        using var q = torch.tensor(new[] { true, false, true, false });
        using var and = p & q; using var or = p | q; using var xor = p ^ q; using var not = ~p; using var lnot = !q;
        Assert.Equal(new[] { true, false, false, false }, Bools(and));
        Assert.Equal(new[] { true, true, true, false }, Bools(or));
        Assert.Equal(new[] { false, true, true, false }, Bools(xor));
        Assert.Equal(new[] { false, false, true, true }, Bools(not));
        Assert.Equal(new[] { false, true, false, true }, Bools(lnot));
        using var la = p.logical_and(q); using var lo = p.logical_or(q); using var lx = p.logical_xor(q);
        Assert.Equal(Bools(and), Bools(la));
        Assert.Equal(Bools(or), Bools(lo));
        Assert.Equal(Bools(xor), Bools(lx));

        using var bits = torch.tensor(new long[] { 0b1100 });
        using var other = torch.tensor(new long[] { 0b1010 });
        using var band = bits & other; using var bnot = ~bits;
        Assert.Equal(new long[] { 0b1000 }, band.data<long>());
        Assert.Equal(new long[] { -13 }, bnot.data<long>());
    }

    [Fact]
    public void NanAndInfinityPredicates()
    {
        using var x = torch.tensor(new float[] { 1, float.NaN, float.PositiveInfinity, float.NegativeInfinity });
        using var nan = x.isnan(); using var inf = x.isinf(); using var fin = x.isfinite();
        Assert.Equal(new[] { false, true, false, false }, Bools(nan));
        Assert.Equal(new[] { false, false, true, true }, Bools(inf));
        Assert.Equal(new[] { true, false, false, false }, Bools(fin));
        using var selfEq = x.eq(x); // NaN != NaN
        Assert.Equal(new[] { true, false, true, true }, Bools(selfEq));
    }

    [Fact]
    public void AllAndAnyReduceMasks()
    {
        using var m = torch.tensor(new[] { true, false, true, true }, 2, 2);
        using var all = m.all(); using var any = m.any(); using var rowAll = m.all(1); using var colAny = m.any(0);
        Assert.False(all.item<bool>());
        Assert.True(any.item<bool>());
        Assert.Equal(new[] { false, true }, Bools(rowAll));
        Assert.Equal(new[] { true, true }, Bools(colAny));
    }
}
