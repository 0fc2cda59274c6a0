using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "Pointwise Ops" (arithmetic operators, broadcasting, type promotion, math functions).
public class PointwiseTests
{
    private static readonly double[] Xs = [0.25, 0.5, 1, 2, 3.5, 10];

    [Fact]
    public void TensorTensorOperatorsBroadcast()
    {
        using var col = torch.tensor(new float[] { 1, 2 }, 2, 1);
        using var row = torch.tensor(new float[] { 10, 20, 30 });
        using var sum = col + row;
        using var diff = col - row;
        using var prod = col * row;
        using var quot = row / col;
        Shape(sum, 2, 3);
        Assert.Equal(new float[] { 11, 21, 31, 12, 22, 32 }, sum.data<float>());
        Assert.Equal(new float[] { -9, -19, -29, -8, -18, -28 }, diff.data<float>());
        Assert.Equal(new float[] { 10, 20, 30, 20, 40, 60 }, prod.data<float>());
        Assert.Equal(new float[] { 10, 20, 30, 5, 10, 15 }, quot.data<float>());
    }

    [Fact]
    public void ScalarOperatorsOnBothSides()
    {
        using var a = torch.tensor(new float[] { 1, 2, 4 });
        using var p1 = a + 2; using var p2 = 2 + a;
        using var s1 = a - 2; using var s2 = 2 - a;
        using var m1 = a * 3; using var m2 = 3 * a;
        using var d1 = a / 2; using var d2 = 2 / a;
        using var n = -a;
        using var fp = 0.5 + a; using var fs = 0.5 - a; using var fm = a * 0.5; using var fd = 1.0 / a;
        Assert.Equal(new float[] { 3, 4, 6 }, p1.data<float>());
        Assert.Equal(new float[] { 3, 4, 6 }, p2.data<float>());
        Assert.Equal(new float[] { -1, 0, 2 }, s1.data<float>());
        Assert.Equal(new float[] { 1, 0, -2 }, s2.data<float>());
        Assert.Equal(new float[] { 3, 6, 12 }, m1.data<float>());
        Assert.Equal(new float[] { 3, 6, 12 }, m2.data<float>());
        Assert.Equal(new float[] { 0.5f, 1, 2 }, d1.data<float>());
        Assert.Equal(new float[] { 2, 1, 0.5f }, d2.data<float>());
        Assert.Equal(new float[] { -1, -2, -4 }, n.data<float>());
        Assert.Equal(new float[] { 1.5f, 2.5f, 4.5f }, fp.data<float>());
        Assert.Equal(new float[] { -0.5f, -1.5f, -3.5f }, fs.data<float>());
        Assert.Equal(new float[] { 0.5f, 1, 2 }, fm.data<float>());
        Assert.Equal(new float[] { 1, 0.5f, 0.25f }, fd.data<float>());
    }

    [Fact]
    public void IntegerScalarsKeepIntegerTensorsIntegral()
    {
        using var a = torch.tensor(new long[] { 1, 2, 3 });
        using var plus2 = a + 2;
        using var times3 = 3 * a;
        using var minus = 10 - a;
        Assert.Equal(ScalarType.Int64, plus2.dtype);
        Assert.Equal(new long[] { 3, 4, 5 }, plus2.data<long>());
        Assert.Equal(ScalarType.Int64, times3.dtype);
        Assert.Equal(new long[] { 3, 6, 9 }, times3.data<long>());
        Assert.Equal(new long[] { 9, 8, 7 }, minus.data<long>());

        using var i32 = torch.tensor(new int[] { 1, 2 });
        using var i32p = i32 + 2;
        Assert.Equal(ScalarType.Int32, i32p.dtype); // a Python int does not widen int32
        Assert.Equal(new int[] { 3, 4 }, i32p.data<int>());
    }

    [Fact]
    public void DoubleScalarsPromoteIntegerTensorsToFloat32()
    {
        using var a = torch.tensor(new long[] { 1, 2, 3 });
        using var b = a + 2.5;
        using var c = 0.5 * a;
        Assert.Equal(ScalarType.Float32, b.dtype);
        Assert.Equal(new float[] { 3.5f, 4.5f, 5.5f }, b.data<float>());
        Assert.Equal(ScalarType.Float32, c.dtype);
        Assert.Equal(new float[] { 0.5f, 1, 1.5f }, c.data<float>());

        // True division of integers gives floats, as in Python 3.
        using var q = a / 2;
        Assert.Equal(ScalarType.Float32, q.dtype);
        Assert.Equal(new float[] { 0.5f, 1, 1.5f }, q.data<float>());

        // A scalar never widens a floating tensor: bf16 + 2.5 stays bf16, float32 + 2 stays float32.
        using var bf = torch.ones([2], ScalarType.BFloat16);
        using var bf2 = bf + 2.5;
        Assert.Equal(ScalarType.BFloat16, bf2.dtype);
        Assert.Equal(new double[] { 3.5, 3.5 }, Values(bf2));
        using var f = torch.ones(2);
        using var f2 = f + 2;
        Assert.Equal(ScalarType.Float32, f2.dtype);
    }

    [Fact]
    public void TensorTensorTypePromotion()
    {
        using var i = torch.tensor(new long[] { 1, 2 });
        using var f = torch.tensor(new float[] { 0.5f, 0.25f });
        using var d = torch.tensor(new double[] { 0.5, 0.25 });
        using var h = torch.ones([2], ScalarType.Float16);
        using var b = torch.ones([2], ScalarType.BFloat16);
        using (var r = i + f) Assert.Equal(ScalarType.Float32, r.dtype);
        using (var r = f + d) Assert.Equal(ScalarType.Float64, r.dtype);
        using (var r = h + b) Assert.Equal(ScalarType.Float32, r.dtype); // fp16 and bf16 meet at float32
        using (var r = i * d)
        {
            Assert.Equal(ScalarType.Float64, r.dtype);
            Assert.Equal(new double[] { 0.5, 0.5 }, r.data<double>());
        }
    }

    [Fact]
    public void ExpLogSqrtRsqrtMatchMath()
    {
        using var x = torch.tensor(Xs);
        using var exp = x.exp();
        using var log = x.log();
        using var sqrt = x.sqrt();
        using var rsqrt = x.rsqrt();
        Close(Xs.Select(Math.Exp).ToArray(), exp, 0, 1e-15);
        Close(Xs.Select(v => Math.Log(v)).ToArray(), log, 1e-15);
        Close(Xs.Select(Math.Sqrt).ToArray(), sqrt, 0, 1e-15);
        Close(Xs.Select(v => 1 / Math.Sqrt(v)).ToArray(), rsqrt, 0, 1e-15);

        using var xf = x.to(ScalarType.Float32);
        using var expf = torch.exp(xf);
        using var logf = torch.log(xf);
        Close(Xs.Select(Math.Exp).ToArray(), expf, 0, 2e-7);
        Close(Xs.Select(v => Math.Log(v)).ToArray(), logf, 2e-7);

        using var special = torch.tensor(new float[] { 0, -1 });
        using var logs = special.log();
        using var sqrts = special.sqrt();
        Assert.Equal(new double[] { double.NegativeInfinity, double.NaN }, Values(logs));
        Assert.True(double.IsNaN(Values(sqrts)[1]));
    }

    [Fact]
    public void PowWithScalarAndTensorExponents()
    {
        using var x = torch.tensor(new double[] { 1, 2, 3, 4 });
        using var sq = x.pow(2);
        using var half = x.pow(0.5);
        using var neg = x.pow(-1.5);
        using var e = torch.tensor(new double[] { 0, 1, 2, 3 });
        using var t = x.pow(e);
        Assert.Equal(new double[] { 1, 4, 9, 16 }, sq.data<double>());
        Close([1, Math.Sqrt(2), Math.Sqrt(3), 2], half, 1e-15);
        Close(new double[] { 1, 2, 3, 4 }.Select(v => Math.Pow(v, -1.5)).ToArray(), neg, 1e-15);
        Assert.Equal(new double[] { 1, 2, 9, 64 }, t.data<double>());

        using var ints = torch.tensor(new long[] { 2, 3 });
        using var cube = ints.pow(3);
        Assert.Equal(ScalarType.Int64, cube.dtype);
        Assert.Equal(new long[] { 8, 27 }, cube.data<long>());
    }

    [Fact]
    public void AbsNegSignSquareReciprocal()
    {
        using var x = torch.tensor(new float[] { -2.5f, 0, 3 });
        using var abs = torch.abs(x);
        using var neg = x.neg();
        using var sign = x.sign();
        using var sq = x.square();
        using var rec = x.reciprocal();
        Assert.Equal(new float[] { 2.5f, 0, 3 }, abs.data<float>());
        Assert.Equal(new float[] { 2.5f, 0, -3 }, neg.data<float>());
        Assert.Equal(new float[] { -1, 0, 1 }, sign.data<float>());
        Assert.Equal(new float[] { 6.25f, 0, 9 }, sq.data<float>());
        Assert.Equal(new double[] { -0.4f, double.PositiveInfinity, 1f / 3 }, Values(rec));

        using var li = torch.tensor(new long[] { -5, 5 });
        using var labs = li.abs();
        Assert.Equal(new long[] { 5, 5 }, labs.data<long>());
    }

    [Fact]
    public void ClampWithBothOneOrNoBound()
    {
        using var x = torch.tensor(new float[] { -3, -1, 0, 1, 3 });
        using var both = x.clamp(-1.5, 2);
        using var lo = x.clamp(min: 0);
        using var hi = torch.clamp(x, max: -0.5);
        using var cmin = x.clamp_min(1);
        using var cmax = x.clamp_max(1);
        Assert.Equal(new float[] { -1.5f, -1, 0, 1, 2 }, both.data<float>());
        Assert.Equal(new float[] { 0, 0, 0, 1, 3 }, lo.data<float>());
        Assert.Equal(new float[] { -3, -1, -0.5f, -0.5f, -0.5f }, hi.data<float>());
        Assert.Equal(new float[] { 1, 1, 1, 1, 3 }, cmin.data<float>());
        Assert.Equal(new float[] { -3, -1, 0, 1, 1 }, cmax.data<float>());

        // Whole-number bounds keep an int64 tensor int64; a fractional bound promotes it, as in PyTorch.
        using var ints = torch.tensor(new long[] { -5, 0, 5 });
        using var ic = ints.clamp(-1, 1); using var icm = ints.clamp_min(0); using var icx = ints.clamp_max(2);
        Assert.Equal(ScalarType.Int64, ic.dtype);
        Assert.Equal(new long[] { -1, 0, 1 }, ic.data<long>());
        Assert.Equal(new long[] { 0, 0, 5 }, icm.data<long>());
        Assert.Equal(new long[] { -5, 0, 2 }, icx.data<long>());
        using var ifrac = ints.clamp(max: 1.5);
        Assert.Equal(ScalarType.Float32, ifrac.dtype);
        Assert.Equal(new float[] { -5, 0, 1.5f }, ifrac.data<float>());

        using var lot = torch.tensor(new float[] { 0, 0, 0, 0, 0 });
        using var byTensor = x.clamp(lot, null);
        Assert.Equal(new float[] { 0, 0, 0, 1, 3 }, byTensor.data<float>());
    }

    [Fact]
    public void MinimumAndMaximumBroadcastAndPropagateNaN()
    {
        using var a = torch.tensor(new float[] { 1, 5, float.NaN });
        using var b = torch.tensor(new float[] { 3 });
        using var mn = torch.minimum(a, b);
        using var mx = a.maximum(b);
        Assert.Equal(new double[] { 1, 3, double.NaN }, Values(mn));
        Assert.Equal(new double[] { 3, 5, double.NaN }, Values(mx));
    }

    [Fact]
    public void ElementwiseMathFunctions()
    {
        double[] v = [-2, -0.5, 0, 0.7, 3];
        using var x = torch.tensor(v);
        using (var r = x.sigmoid()) Close(v.Select(Sigmoid).ToArray(), r, 1e-15);
        using (var r = x.tanh()) Close(v.Select(Math.Tanh).ToArray(), r, 1e-15);
        using (var r = x.relu()) Assert.Equal(new double[] { 0, 0, 0, 0.7, 3 }, r.data<double>());
        using (var r = x.sin()) Close(v.Select(Math.Sin).ToArray(), r, 1e-15);
        using (var r = x.cos()) Close(v.Select(Math.Cos).ToArray(), r, 1e-15);
        using (var r = x.erf()) Close(v.Select(Erf).ToArray(), r, 1e-15);
        using (var r = x.expm1()) Close(v.Select(t => Math.Exp(t) - 1).ToArray(), r, 1e-15);
        using (var r = x.floor()) Assert.Equal(new double[] { -2, -1, 0, 0, 3 }, r.data<double>());
        using (var r = x.ceil()) Assert.Equal(new double[] { -2, -0, 0, 1, 3 }, r.data<double>());
        using (var r = x.round()) Assert.Equal(new double[] { -2, -0, 0, 1, 3 }, r.data<double>()); // half to even
        using var tiny = torch.tensor(new double[] { 1e-10 });
        using var l1p = tiny.log1p();
        Close([1e-10 - 5e-21], l1p, 0, 1e-15); // log1p keeps precision near zero
    }

    [Fact]
    public void TheErfReferenceMatchesTabulatedValues()
    {
        // erf / erfc at 0.5, 1, 2, 3, 4 (17 significant digits, as CPython's math.erf prints them)
        Close([0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999779095030014, 0.9999999845827421],
            new[] { 0.5, 1, 2, 3, 4 }.Select(Erf).ToArray(), 2e-16);
        Close([0.004677734981047265, 2.2090496998585438e-05, 1.541725790028002e-08],
            new[] { 2.0, 3, 4 }.Select(Erfc).ToArray(), 0, 1e-14);
        Close(0.15729920705028513, Erfc(1), 1e-16);
    }

    [Fact]
    public void RemainderFollowsTheDivisorSign()
    {
        using var a = torch.tensor(new long[] { -3, 3, 7 });
        using var r = a % 2;
        using var f = torch.tensor(new float[] { -3.5f, 3.5f });
        using var rf = f.remainder(2);
        using var fm = f.fmod(2);
        Assert.Equal(new long[] { 1, 1, 1 }, r.data<long>());
        Assert.Equal(new float[] { 0.5f, 1.5f }, rf.data<float>());
        Assert.Equal(new float[] { -1.5f, 1.5f }, fm.data<float>());
    }

    [Fact]
    public void InPlaceOpsMutateAndReturnTheSameTensor()
    {
        using var x = torch.tensor(new float[] { 1, 2, 3 });
        using var y = torch.tensor(new float[] { 1, 1, 1 });
        Assert.Same(x, x.add_(y));
        x.mul_(2).sub_(1).div_(3);
        Close([1, 5.0 / 3, 7.0 / 3], x, 1e-6);
        x.fill_(4);
        Assert.Equal(new float[] { 4, 4, 4 }, x.data<float>());
        x.zero_();
        Assert.Equal(new float[] { 0, 0, 0 }, x.data<float>());
        x.copy_(y);
        Assert.Equal(new float[] { 1, 1, 1 }, x.data<float>());
    }

    [Fact]
    public void HalfPrecisionArithmeticRoundsToItsDtype()
    {
        using var a = torch.tensor(new float[] { 1, 1000, 0.1f }).to(ScalarType.Float16);
        using var b = a * 3;
        Assert.Equal(ScalarType.Float16, b.dtype);
        // float16 has an 11-bit significand: relative spacing 2^-10 ≈ 9.8e-4.
        Close([3, 3000, 0.3], b, 0, 1e-3);
        using var bf = torch.tensor(new float[] { 1, 1000, 0.1f }).to(ScalarType.BFloat16);
        using var c = bf * 3;
        Close([3, 3000, 0.3], c, 0, 8e-3); // bf16: 8-bit significand, spacing 2^-7
    }
}
