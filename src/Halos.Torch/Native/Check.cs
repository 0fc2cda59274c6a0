using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

/// <summary>
/// Turns the shim's failure signals (a NULL handle, a negative status) into a
/// <see cref="TorchException"/> carrying the message libtorch wrote into the error slot.
/// </summary>
internal static class Check
{
    public static IntPtr Handle(IntPtr h)
    {
        if (h == IntPtr.Zero) Throw();
        return h;
    }

    public static void Status(int rc)
    {
        if (rc < 0) Throw();
    }

    public static long Count(long rc)
    {
        if (rc < 0) Throw();
        return rc;
    }

    public static string LastError() => Marshal.PtrToStringUTF8(Lib.ht_last_error()) ?? "unknown libtorch error";

    [DoesNotReturn]
    private static void Throw() => throw new TorchException(LastError());
}
