using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

internal static partial class Lib
{
    // autocast.cpp
    [DllImport(L)] public static extern IntPtr ht_autocast_enter(int deviceType, int dtype);
    [DllImport(L)] public static extern int ht_autocast_exit(IntPtr state);
}
