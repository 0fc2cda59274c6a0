using Halos.Torch.Native;

namespace Halos.Torch;

/// <summary>
/// A libtorch tensor. Its native object has exactly one owner, which frees it at once when the
/// tensor (or that owner) is disposed:
/// <list type="bullet">
/// <item>inside a <see cref="DisposeScope"/>, the scope: no finaliser is registered, which keeps a
/// small op at the cost of the op itself (the scope's own finaliser covers a scope never disposed);</item>
/// <item>outside any scope, a <see cref="TensorHandle"/> (a SafeHandle), whose critical finaliser
/// frees a tensor nobody disposed.</item>
/// </list>
/// Moving a tensor out of the outermost scope hands it to a new SafeHandle.
/// The operations live in partial files named after PyTorch's documentation sections.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private IntPtr _ptr;
    private TensorHandle? _owner;

    // A tensor belongs to at most one scope at a time; the scope keeps it alive until it ends.
    internal DisposeScope? Scope;

    internal Tensor(IntPtr handle)
    {
        _ptr = handle;
        var scope = DisposeScope.Current;
        if (scope is null) _owner = new TensorHandle(handle);
        else scope.Register(this);
    }

    /// <summary>Wraps a handle returned by the shim, raising libtorch's error when it is NULL.</summary>
    internal static Tensor Wrap(IntPtr handle) => new(Check.Handle(handle));

    /// <summary>The native pointer. Raises <see cref="ObjectDisposedException"/> once disposed.</summary>
    internal IntPtr Handle
    {
        get
        {
            var p = _ptr;
            if (p == IntPtr.Zero) ThrowDisposed();
            return p;
        }
    }

    private static void ThrowDisposed() => throw new ObjectDisposedException(nameof(Tensor), "the tensor has been disposed");

    public bool IsDisposed => _ptr == IntPtr.Zero;

    /// <summary>Called when the tensor leaves every scope: from now on a SafeHandle owns it.</summary>
    internal void TakeOwnership()
    {
        if (_ptr != IntPtr.Zero && _owner is null) _owner = new TensorHandle(_ptr);
    }

    /// <summary>Frees the native tensor without a managed owner, from a scope's finaliser.</summary>
    internal void ReleaseFromScopeFinalizer()
    {
        var p = _ptr;
        _ptr = IntPtr.Zero;
        if (p != IntPtr.Zero && _owner is null) Lib.ht_free(p);
    }

    public void Dispose()
    {
        var p = _ptr;
        if (p == IntPtr.Zero) return;
        _ptr = IntPtr.Zero;
        if (_owner is not null) _owner.Dispose();
        else Lib.ht_free(p);
    }

    public long dim()
    {
        var d = Lib.ht_dim(Handle);
        GC.KeepAlive(this);
        return d;
    }

    public long ndim => dim();

    public unsafe long[] shape
    {
        get
        {
            var h = Handle;
            var n = Lib.ht_dim(h);
            var s = new long[n];
            fixed (long* p = s) Check.Status(Lib.ht_shape(h, p));
            GC.KeepAlive(this);
            return s;
        }
    }

    /// <summary>Size of one dimension; negative dims count from the end.</summary>
    public long size(long d)
    {
        var s = shape;
        var i = d < 0 ? d + s.Length : d;
        if (i < 0 || i >= s.Length) throw new ArgumentOutOfRangeException(nameof(d), $"dimension {d} out of range for a {s.Length}-d tensor");
        return s[i];
    }

    public unsafe long[] stride()
    {
        var h = Handle;
        var s = new long[Lib.ht_dim(h)];
        fixed (long* p = s) Check.Status(Lib.ht_strides(h, p));
        GC.KeepAlive(this);
        return s;
    }

    public long numel()
    {
        var n = Lib.ht_numel(Handle);
        GC.KeepAlive(this);
        return n;
    }

    public ScalarType dtype
    {
        get
        {
            var t = (ScalarType)Lib.ht_dtype(Handle);
            GC.KeepAlive(this);
            return t;
        }
    }

    public unsafe Device device
    {
        get
        {
            int type, index;
            Check.Status(Lib.ht_device(Handle, &type, &index));
            GC.KeepAlive(this);
            return new Device((DeviceType)type, index);
        }
    }

    public bool is_contiguous()
    {
        var r = Check.Count(Lib.ht_is_contiguous(Handle)) != 0;
        GC.KeepAlive(this);
        return r;
    }

    public long element_size() => dtype.ElementSize();

    public override string ToString()
    {
        if (IsDisposed) return "Tensor(disposed)";
        return $"Tensor(shape=[{string.Join(", ", shape)}], dtype={dtype.Name()}, device={device})";
    }
}
