using System.Runtime.InteropServices;
using Halos.Torch.Native;

namespace Halos.Torch.Distributed;

// The owning handles of the binding's native objects: the critical finaliser frees a store,
// group or pending collective that nobody disposed.

internal sealed class StoreSafeHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public StoreSafeHandle(IntPtr h) : this() => SetHandle(h);
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Lib.ht_store_free(handle);
        return true;
    }
}

internal sealed class GroupSafeHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public GroupSafeHandle(IntPtr h) : this() => SetHandle(h);
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Lib.ht_group_free(handle);
        return true;
    }
}

internal sealed class WorkSafeHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public WorkSafeHandle(IntPtr h) : this() => SetHandle(h);
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Lib.ht_work_free(handle);
        return true;
    }
}
