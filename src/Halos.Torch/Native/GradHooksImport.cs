using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

internal static partial class Lib
{
    // grad_hooks.cpp: fn(context, index) runs on the backward thread after the leaf's .grad is accumulated.
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void GradReadyCallback(IntPtr context, long index);

    [DllImport(L)] public static extern IntPtr ht_grad_ready_hook_add(IntPtr h, IntPtr fn, IntPtr context, long index);
    [DllImport(L)] public static extern void ht_grad_ready_hook_remove(IntPtr registration);
}
