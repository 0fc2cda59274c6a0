using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// Conversion between dtypes (to, half, bfloat16, ...) and readout (item, data, bytes).
public class ConversionTests
{
    private static ushort[] Bf16Bits(Tensor t)
    {
        var b = t.bytes();
        return Enumerable.Range(0, b.Length / 2).Select(i => (ushort)(b[2 * i] | b[2 * i + 1] << 8)).ToArray();
    }

    [Fact]
    public void BFloat16RoundsToNearestEven()
    {
        // bf16 keeps 7 fraction bits: around 1.0 the spacing is 2^-7 = 0.0078125.
        using var x = torch.tensor(new float[]
        {
            1.00390625f,   // 1 + 2^-8: exactly halfway between 1.0 and 1.0078125 → even (1.0, 0x3F80)
            1.01171875f,   // 1 + 3·2^-8: halfway between 1.0078125 and 1.015625 → even (1.015625, 0x3F82)
            1.005859375f,  // 1 + 0.75·2^-7: above halfway → 1.0078125 (0x3F81)
            1.0019531f,    // below halfway → 1.0
            -2.0f,         // exact (0xC000)
        });
        using var b = x.to(ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, b.dtype);
        Assert.Equal(new ushort[] { 0x3F80, 0x3F82, 0x3F81, 0x3F80, 0xC000 }, Bf16Bits(b));
        Assert.Equal(new double[] { 1.0, 1.015625, 1.0078125, 1.0, -2 }, Values(b));
        using var back = b.@float();
        Assert.Equal(new float[] { 1.0f, 1.015625f, 1.0078125f, 1.0f, -2 }, back.data<float>());
        using var viaHelper = x.bfloat16();
        Assert.Equal(Bf16Bits(b), Bf16Bits(viaHelper));
    }

    [Fact]
    public void Float16RoundsAndOverflows()
    {
        // float16: 10 fraction bits, spacing 2^-10 near 1; the largest finite value is 65504.
        using var x = torch.tensor(new float[] { 1.00048828125f, 1.00146484375f, 65504, 65520, 1e-8f });
        using var h = x.half();
        Assert.Equal(ScalarType.Float16, h.dtype);
        var v = h.data<Half>();
        Assert.Equal((Half)1.0, v[0]);              // halfway → even
        Assert.Equal((Half)1.001953125, v[1]);      // 1 + 3·2^-11 halfway → even (1 + 2·2^-10)
        Assert.Equal((Half)65504, v[2]);
        Assert.True(Half.IsPositiveInfinity(v[3])); // rounds past the largest finite value
        Assert.Equal((Half)0, v[4]);                // underflows below the smallest subnormal
    }

    [Fact]
    public void FloatToIntegerTruncatesTowardZero()
    {
        using var x = torch.tensor(new float[] { 2.7f, -2.7f, 0.5f, -0.5f });
        using var l = x.@long();
        using var i = x.@int();
        Assert.Equal(new long[] { 2, -2, 0, 0 }, l.data<long>());
        Assert.Equal(new int[] { 2, -2, 0, 0 }, i.data<int>());
        using var u = torch.tensor(new float[] { 3, 255 }).to(ScalarType.UInt8);
        Assert.Equal(new byte[] { 3, 255 }, u.data<byte>());
        using var bools = torch.tensor(new float[] { 0, -0.0f, 0.1f, float.NaN }).@bool();
        Assert.Equal(new[] { false, false, true, true }, bools.data<bool>());
        using var fromBool = bools.@double();
        Assert.Equal(new double[] { 0, 0, 1, 1 }, fromBool.data<double>());
    }

    [Fact]
    public void ToTheSameDtypeAliasesUnlessACopyIsAsked()
    {
        using var x = torch.tensor(new float[] { 1, 2 });
        using var same = x.to(ScalarType.Float32);
        using var copy = x.to(ScalarType.Float32, copy: true);
        using var onCpu = x.to(Device.CPU);
        x.add_(10);
        Assert.Equal(new float[] { 11, 12 }, same.data<float>());
        Assert.Equal(new float[] { 11, 12 }, onCpu.data<float>());
        Assert.Equal(new float[] { 1, 2 }, copy.data<float>());
        using var c = x.clone();
        x.add_(1);
        Assert.Equal(new float[] { 11, 12 }, c.data<float>());

        using var d = torch.tensor(new double[] { 0.5 });
        using var typed = x.type_as(d);
        Assert.Equal(ScalarType.Float64, typed.dtype);
        using var both = x.to(d);
        Assert.Equal(ScalarType.Float64, both.dtype);
        Assert.Equal(new double[] { 12, 13 }, both.data<double>());
    }

    [Fact]
    public void ItemReadsOneElementInTheRequestedType()
    {
        using var f = torch.tensor(2.75);
        Assert.Equal(2.75f, f.item<float>());
        Assert.Equal(2.75, f.item<double>());
        Assert.Equal((Half)2.75, f.item<Half>());
        Assert.Equal(2L, f.item<long>()); // libtorch truncates
        using var big = torch.tensor(new long[] { 5_000_000_000 });
        Assert.Equal(5_000_000_000L, big.item<long>());
        Assert.Throws<OverflowException>(() => big.item<int>());
        using var b = torch.tensor(new[] { true });
        Assert.True(b.item<bool>());
        using var bf = torch.full([1, 1], 1.5, ScalarType.BFloat16);
        Assert.Equal(1.5, bf.item<double>());
        using var two = torch.ones(2);
        var ex = Assert.Throws<TorchException>(() => two.item<float>());
        Assert.Contains("2 elements", ex.Message);
    }

    [Fact]
    public void DataAndBytesOfANonContiguousView()
    {
        using var m = torch.tensor(new int[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var t = m.t();
        Assert.Equal(new int[] { 1, 4, 2, 5, 3, 6 }, t.data<int>());
        var bytes = t.bytes();
        Assert.Equal(24, bytes.Length);
        Assert.Equal(4, BitConverter.ToInt32(bytes, 4)); // little-endian, row-major of the view
        var buffer = new byte[20];
        Assert.Throws<TorchException>(() => t.CopyTo(buffer));
    }

    [Fact]
    public void ToStringDescribesTheTensor()
    {
        using var x = torch.zeros([2, 3], ScalarType.BFloat16);
        Assert.Equal("Tensor(shape=[2, 3], dtype=bfloat16, device=cpu)", x.ToString());
    }
}
