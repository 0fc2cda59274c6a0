using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

/// <summary>
/// Owns the native tensor of a <see cref="Tensor"/> that belongs to no dispose scope, so a tensor
/// nobody disposed is still freed, by the critical finaliser.
/// Large tensors tell the GC how much native memory they hold, so that a program that forgets
/// to dispose them is collected before it runs out of memory rather than after.
/// </summary>
internal sealed class TensorHandle : SafeHandle
{
    // Below this, the bookkeeping would cost more than the memory it tracks.
    private const long PressureThreshold = 256 * 1024;

    private readonly long _pressure;

    public TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
        var bytes = Lib.ht_nbytes(handle);
        if (bytes >= PressureThreshold)
        {
            _pressure = bytes;
            GC.AddMemoryPressure(bytes);
        }
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Lib.ht_free(handle);
        if (_pressure > 0) GC.RemoveMemoryPressure(_pressure);
        return true;
    }
}
