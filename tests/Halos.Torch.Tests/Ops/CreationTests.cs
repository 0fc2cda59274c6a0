using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "Creation Ops", plus tensor metadata (dtype, device) and the seeded generators.
[Collection(TorchGlobalStateCollection.Name)]
public class CreationTests
{
    public static TheoryData<ScalarType, int, string> Dtypes => new()
    {
        { ScalarType.Float32, 4, "float32" },
        { ScalarType.Float16, 2, "float16" },
        { ScalarType.BFloat16, 2, "bfloat16" },
        { ScalarType.Float64, 8, "float64" },
        { ScalarType.Int64, 8, "int64" },
        { ScalarType.Int32, 4, "int32" },
        { ScalarType.Bool, 1, "bool" },
        { ScalarType.UInt8, 1, "uint8" },
    };

    [Theory, MemberData(nameof(Dtypes))]
    public void ZerosOnesAndFullHaveTheDtypeShapeAndValues(ScalarType dtype, int elementSize, string name)
    {
        using var z = torch.zeros([2, 3], dtype);
        using var o = torch.ones([2, 3], dtype);
        using var f = torch.full([3], 1, dtype);
        Assert.Equal(dtype, z.dtype);
        Assert.Equal(dtype, o.dtype);
        Assert.Equal(dtype, f.dtype);
        Assert.Equal(name, z.dtype.Name());
        Assert.Equal(ScalarTypeInfo.Parse(name), dtype);
        Assert.Equal(elementSize, z.element_size());
        Assert.Equal(new long[] { 2, 3 }, z.shape);
        Assert.Equal(6, z.numel());
        Assert.Equal(2, z.dim());
        Assert.Equal(Device.CPU, z.device);
        Assert.Equal("cpu", z.device.ToString());
        Assert.Equal(new double[6], Values(z));
        Assert.Equal(Enumerable.Repeat(1.0, 6).ToArray(), Values(o));
        Assert.Equal(new double[] { 1, 1, 1 }, Values(f));
        Assert.Equal(6 * elementSize, z.bytes().Length);
        Assert.True(z.is_contiguous());
    }

    [Fact]
    public void FullKeepsTheValueExactlyInEachDtype()
    {
        using var f32 = torch.full([2], 2.5);
        using var f64 = torch.full([2], 0.1, ScalarType.Float64);
        using var i64 = torch.full([2], 7, ScalarType.Int64);
        using var i32 = torch.full([2], -3, ScalarType.Int32);
        using var bf = torch.full([2], 1.5, ScalarType.BFloat16);
        using var big = torch.full([1], 9007199254740993L, ScalarType.Int64); // 2^53 + 1 is not a double
        Assert.Equal(new float[] { 2.5f, 2.5f }, f32.data<float>());
        Assert.Equal(new double[] { 0.1, 0.1 }, f64.data<double>());
        Assert.Equal(new long[] { 7, 7 }, i64.data<long>());
        Assert.Equal(new int[] { -3, -3 }, i32.data<int>());
        Assert.Equal(new double[] { 1.5, 1.5 }, Values(bf));
        // The value crosses the boundary as a double, so 2^53+1 becomes 2^53: documents the limit.
        Assert.Equal(9007199254740992L, big.item<long>());
    }

    [Fact]
    public void ZeroDimensionalTensorsHoldOneNumber()
    {
        using var a = torch.tensor(3.25);
        using var b = torch.tensor(5L);
        Assert.Empty(a.shape);
        Assert.Equal(0, a.dim());
        Assert.Equal(1, a.numel());
        Assert.Equal(ScalarType.Float32, a.dtype);
        Assert.Equal(3.25f, a.item<float>());
        Assert.Equal(ScalarType.Int64, b.dtype);
        Assert.Equal(5L, b.item<long>());
    }

    [Fact]
    public void ArangeCountsLikePython()
    {
        using var a = torch.arange(5);
        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.data<long>());

        using var b = torch.arange(0, 10, 3);
        Assert.Equal(new long[] { 0, 3, 6, 9 }, b.data<long>());

        using var c = torch.arange(3, 0, -1);
        Assert.Equal(new long[] { 3, 2, 1 }, c.data<long>());

        using var d = torch.arange(1.0, 2.0, 0.25);
        Assert.Equal(ScalarType.Float32, d.dtype);
        Assert.Equal(new float[] { 1f, 1.25f, 1.5f, 1.75f }, d.data<float>());

        using var e = torch.arange(0.0, 1.0, 0.1, ScalarType.Float64);
        Assert.Equal(10, e.numel());
        Close(Enumerable.Range(0, 10).Select(i => i * 0.1).ToArray(), e, 1e-15);
    }

    [Fact]
    public void LinspaceEyeAndLikeConstructors()
    {
        using var l = torch.linspace(-1, 1, 5);
        Close([-1, -0.5, 0, 0.5, 1], l, 1e-7);

        using var eye = torch.eye(2, 3);
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0 }, eye.data<float>());

        using var src = torch.zeros([2, 2], ScalarType.Float64);
        using var ones = torch.ones_like(src);
        using var full = torch.full_like(src, -4);
        Assert.Equal(ScalarType.Float64, ones.dtype);
        Assert.Equal(new double[] { 1, 1, 1, 1 }, ones.data<double>());
        Assert.Equal(new double[] { -4, -4, -4, -4 }, full.data<double>());
    }

    [Fact]
    public void FromArraysAndSpansAndBack()
    {
        using var f = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new long[] { 2, 3 }, f.shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, f.data<float>());
        Assert.Equal(6f, f[1][2].item<float>());

        var backing = new double[] { 9, 8, 7, 6, 5 };
        using var d = torch.tensor(new ReadOnlySpan<double>(backing, 1, 3));
        Assert.Equal(new long[] { 3 }, d.shape);
        Assert.Equal(new double[] { 8, 7, 6 }, d.data<double>());
        backing[2] = 100; // the tensor holds a copy
        Assert.Equal(new double[] { 8, 7, 6 }, d.data<double>());

        using var l = torch.tensor(new long[] { long.MinValue, -1, long.MaxValue });
        Assert.Equal(new long[] { long.MinValue, -1, long.MaxValue }, l.data<long>());

        using var i = torch.tensor(new int[] { -7, 0, 7 });
        Assert.Equal(ScalarType.Int32, i.dtype);
        Assert.Equal(new int[] { -7, 0, 7 }, i.data<int>());

        using var b = torch.tensor(new bool[] { true, false, true });
        Assert.Equal(ScalarType.Bool, b.dtype);
        Assert.Equal(new bool[] { true, false, true }, b.data<bool>());

        using var u = torch.tensor(new byte[] { 0, 128, 255 });
        Assert.Equal(ScalarType.UInt8, u.dtype);
        Assert.Equal(new byte[] { 0, 128, 255 }, u.data<byte>());

        using var h = torch.tensor(new Half[] { (Half)0.5, (Half)(-2) });
        Assert.Equal(ScalarType.Float16, h.dtype);
        Assert.Equal(new Half[] { (Half)0.5, (Half)(-2) }, h.data<Half>());

        using var m = torch.tensor(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        Assert.Equal(new long[] { 3, 2 }, m.shape);
        Assert.Equal(4f, m[1][1].item<float>());
    }

    [Fact]
    public void BFloat16FromRawBytes()
    {
        // bf16 is the top half of a float32: 1.5 = 0x3FC0, -2 = 0xC000.
        byte[] raw = [0xC0, 0x3F, 0x00, 0xC0];
        using var t = torch.from_bytes(raw, ScalarType.BFloat16, 2);
        Assert.Equal(ScalarType.BFloat16, t.dtype);
        Assert.Equal(new double[] { 1.5, -2 }, Values(t));
        Assert.Equal(raw, t.bytes());
    }

    [Fact]
    public void DataRejectsTheWrongElementTypeAndWrongByteCounts()
    {
        using var f = torch.ones(3);
        var ex = Assert.Throws<InvalidOperationException>(() => f.data<double>());
        Assert.Contains("float32", ex.Message);
        var te = Assert.Throws<TorchException>(() => torch.tensor(new float[] { 1, 2, 3 }, 2, 2));
        Assert.Contains("12 bytes", te.Message);
        Assert.Contains("16", te.Message);
    }

    [Fact]
    public void CudaIsReportedAbsentWithoutCrashing()
    {
        var available = torch.cuda.is_available();
        var count = torch.cuda.device_count();
        Assert.Equal(count > 0, available);
        if (available) return; // a CUDA build on a GPU machine: nothing more to check here
        Assert.Equal(0, count);
        using var x = torch.ones(2);
        Assert.Throws<TorchException>(() => x.cuda());
        using var y = x + 1; // the engine keeps working
        Assert.Equal(new float[] { 2, 2 }, y.data<float>());
    }

    [Fact]
    public void DeviceParsing()
    {
        Assert.Equal(Device.CPU, Device.Parse("cpu"));
        Assert.Equal(Device.CUDA(1), Device.Parse("cuda:1"));
        Assert.Equal("cuda:0", Device.Parse("CUDA").ToString());
        Assert.Throws<ArgumentException>(() => Device.Parse("tpu"));
    }

    [Fact]
    public void ManualSeedMakesRandRepeatable()
    {
        torch.manual_seed(1234);
        using var a = torch.rand(1000);
        using var a2 = torch.rand(1000);
        torch.manual_seed(1234);
        using var b = torch.rand(1000);
        torch.manual_seed(4321);
        using var c = torch.rand(1000);
        Assert.Equal(a.data<float>(), b.data<float>());
        Assert.NotEqual(a.data<float>(), a2.data<float>());
        Assert.NotEqual(a.data<float>(), c.data<float>());
    }

    [Fact]
    public void RandIsUniformOnTheUnitInterval()
    {
        torch.manual_seed(7);
        using var r = torch.rand(200_000);
        var v = r.data<float>();
        Assert.All(v, x => Assert.InRange(x, 0f, 0.99999999f));
        var mean = v.Average(x => (double)x);
        var variance = v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
        Assert.InRange(mean, 0.5 - 0.005, 0.5 + 0.005);
        Assert.InRange(variance, 1.0 / 12 - 0.002, 1.0 / 12 + 0.002);
        // Each tenth of the interval gets about a tenth of the samples.
        for (var k = 0; k < 10; k++)
        {
            var share = v.Count(x => x >= k / 10.0 && x < (k + 1) / 10.0) / (double)v.Length;
            Assert.InRange(share, 0.095, 0.105);
        }
    }

    [Fact]
    public void RandnIsStandardNormalAndRepeatable()
    {
        torch.manual_seed(99);
        using var a = torch.randn([200_000], ScalarType.Float64);
        torch.manual_seed(99);
        using var b = torch.randn([200_000], ScalarType.Float64);
        var v = a.data<double>();
        Assert.Equal(v, b.data<double>());
        var mean = v.Average();
        var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.99, 1.01);
        // About 68.27% of a normal sample lies within one standard deviation.
        var within = v.Count(x => Math.Abs(x) < 1) / (double)v.Length;
        Assert.InRange(within, 0.6777, 0.6877);
        Assert.Equal(ScalarType.Float64, a.dtype);
    }

    [Fact]
    public void RandnInOtherDtypesAndRequiresGrad()
    {
        torch.manual_seed(5);
        using var h = torch.randn([4, 4], ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, h.dtype);
        Assert.All(Values(h), x => Assert.True(double.IsFinite(x)));
        using var g = torch.randn([3], requires_grad: true);
        Assert.True(g.requires_grad);
        Assert.True(g.is_leaf);
    }
}
