using System.Runtime.InteropServices;
using Halos.Torch.Native;

namespace Halos.Torch;

/// <summary>The torch namespace of PyTorch: creation, joining, runtime control. Split by docs section.</summary>
public static partial class torch
{
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int16 = ScalarType.Int16;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType uint8 = ScalarType.UInt8;
    public const ScalarType @bool = ScalarType.Bool;

    private static unsafe Tensor Filled(int kind, long[] shape, double value, bool integral, ScalarType dtype, Device? device, bool requiresGrad)
    {
        var d = device ?? Device.CPU;
        fixed (long* s = shape)
            return Tensor.Wrap(Lib.ht_new_filled(kind, s, shape.Length, value, integral ? 1 : 0, (int)dtype, (int)d.Type, d.NativeIndex, requiresGrad ? 1 : 0));
    }

    public static Tensor empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Filled(0, shape, 0, false, dtype, device, requires_grad);

    public static Tensor zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Filled(1, shape, 0, false, dtype, device, requires_grad);

    public static Tensor ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Filled(2, shape, 0, false, dtype, device, requires_grad);

    public static Tensor full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Filled(3, shape, value, !dtype.IsFloatingPoint(), dtype, device, requires_grad);

    public static Tensor zeros(params long[] shape) => zeros(shape, ScalarType.Float32);
    public static Tensor ones(params long[] shape) => ones(shape, ScalarType.Float32);
    public static Tensor empty(params long[] shape) => empty(shape, ScalarType.Float32);

    public static Tensor zeros_like(Tensor t) => Tensor.Unary(UnaryOp.ZerosLike, t);
    public static Tensor ones_like(Tensor t) => Tensor.Unary(UnaryOp.OnesLike, t);
    public static Tensor empty_like(Tensor t) => Tensor.Unary(UnaryOp.EmptyLike, t);
    public static Tensor full_like(Tensor t, double value) => full(t.shape, value, t.dtype, t.device);

    /// <summary>start, start+step, ... below end. Integer arguments give int64, as in PyTorch.</summary>
    public static Tensor arange(long end, ScalarType dtype = ScalarType.Int64, Device? device = null) => arange(0, end, 1, dtype, device);

    public static Tensor arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Tensor.Wrap(Lib.ht_arange(start, end, step, (int)dtype, (int)d.Type, d.NativeIndex));
    }

    public static Tensor arange(long start, long end, long step = 1, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        arange((double)start, end, step, dtype, device);

    public static Tensor linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Tensor.Wrap(Lib.ht_linspace(start, end, steps, (int)dtype, (int)d.Type, d.NativeIndex));
    }

    public static Tensor eye(long n, long? m = null, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Tensor.Wrap(Lib.ht_eye(n, m ?? n, (int)dtype, (int)d.Type, d.NativeIndex));
    }

    /// <summary>A new CPU tensor holding a copy of the data; the shape defaults to 1-D.</summary>
    public static Tensor tensor<T>(ReadOnlySpan<T> data, params long[] shape) where T : unmanaged =>
        from_bytes(MemoryMarshal.AsBytes(data), ScalarTypeInfo.Of<T>(), shape.Length == 0 ? [data.Length] : shape);

    public static Tensor tensor<T>(T[] data, params long[] shape) where T : unmanaged => tensor((ReadOnlySpan<T>)data, shape);

    /// <summary>A 0-d tensor holding one number.</summary>
    public static Tensor tensor(double value, ScalarType dtype = ScalarType.Float32) => full([], value, dtype);

    public static Tensor tensor(long value) => full([], value, ScalarType.Int64);

    public static Tensor tensor(float[,] data)
    {
        var flat = new float[data.Length];
        Buffer.BlockCopy(data, 0, flat, 0, flat.Length * sizeof(float));
        return tensor(flat, data.GetLength(0), data.GetLength(1));
    }

    public static Tensor tensor(double[,] data)
    {
        var flat = new double[data.Length];
        Buffer.BlockCopy(data, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, data.GetLength(0), data.GetLength(1));
    }

    /// <summary>A new CPU tensor from raw little-endian element bytes (any dtype, bfloat16 included).</summary>
    public static unsafe Tensor from_bytes(ReadOnlySpan<byte> bytes, ScalarType dtype, params long[] shape)
    {
        fixed (byte* p = bytes)
        fixed (long* s = shape)
            return Tensor.Wrap(Lib.ht_from_data(p, bytes.Length, s, shape.Length, (int)dtype));
    }
}
