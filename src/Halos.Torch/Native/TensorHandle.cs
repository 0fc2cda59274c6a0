using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

/// <summary>Owns one heap-allocated at::Tensor in the shim; releasing it drops that reference.</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Lib.ht_free(handle);
        return true;
    }
}
