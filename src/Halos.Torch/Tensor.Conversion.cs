using System.Runtime.InteropServices;
using Halos.Torch.Native;

namespace Halos.Torch;

// Conversion between dtypes and devices, and readout into .NET memory.
public sealed partial class Tensor
{
    private Tensor To(int dtype, int deviceType, int deviceIndex, bool nonBlocking = false, bool copy = false)
    {
        var r = Lib.ht_to(Handle, dtype, deviceType, deviceIndex, nonBlocking ? 1 : 0, copy ? 1 : 0);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor to(ScalarType dtype, bool copy = false) => To((int)dtype, -1, -1, copy: copy);
    public Tensor to(Device device, bool nonBlocking = false) => To(-1, (int)device.Type, device.NativeIndex, nonBlocking);
    public Tensor to(Device device, ScalarType dtype, bool nonBlocking = false) => To((int)dtype, (int)device.Type, device.NativeIndex, nonBlocking);
    public Tensor to(Tensor other) => to(other.device, other.dtype);

    public Tensor cpu() => to(Device.CPU);
    public Tensor cuda(int index = 0) => to(Device.CUDA(index));
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor half() => to(ScalarType.Float16);
    public Tensor bfloat16() => to(ScalarType.BFloat16);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @int() => to(ScalarType.Int32);
    public Tensor @bool() => to(ScalarType.Bool);
    public Tensor type_as(Tensor other) => to(other.dtype);

    public Tensor clone() => Unary(UnaryOp.Clone, this);
    public Tensor zeros_like() => Unary(UnaryOp.ZerosLike, this);
    public Tensor ones_like() => Unary(UnaryOp.OnesLike, this);

    /// <summary>The value of a one-element tensor.</summary>
    public unsafe T item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Half))
        {
            double d;
            Check.Status(Lib.ht_item_double(Handle, &d));
            GC.KeepAlive(this);
            if (typeof(T) == typeof(double)) return (T)(object)d;
            if (typeof(T) == typeof(float)) return (T)(object)(float)d;
            return (T)(object)(Half)d;
        }
        long l;
        Check.Status(Lib.ht_item_long(Handle, &l));
        GC.KeepAlive(this);
        if (typeof(T) == typeof(long)) return (T)(object)l;
        if (typeof(T) == typeof(int)) return (T)(object)checked((int)l);
        if (typeof(T) == typeof(bool)) return (T)(object)(l != 0);
        if (typeof(T) == typeof(short)) return (T)(object)checked((short)l);
        if (typeof(T) == typeof(byte)) return (T)(object)checked((byte)l);
        if (typeof(T) == typeof(sbyte)) return (T)(object)checked((sbyte)l);
        throw new NotSupportedException($"item<{typeof(T).Name}> is not supported");
    }

    /// <summary>All elements, in row-major order, as a .NET array. T must match the dtype.</summary>
    public T[] data<T>() where T : unmanaged
    {
        var expected = ScalarTypeInfo.Of<T>();
        if (expected != dtype)
            throw new InvalidOperationException($"data<{typeof(T).Name}> needs a {expected.Name()} tensor, this one is {dtype.Name()}");
        var result = new T[numel()];
        CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>The raw little-endian bytes of the elements, row-major (any dtype, e.g. bfloat16).</summary>
    public byte[] bytes()
    {
        var result = new byte[numel() * dtype.ElementSize()];
        CopyTo(result);
        return result;
    }

    public unsafe void CopyTo(Span<byte> destination)
    {
        fixed (byte* p = destination) Check.Status(Lib.ht_copy_to(Handle, p, destination.Length));
        GC.KeepAlive(this);
    }
}
