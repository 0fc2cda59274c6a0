using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

internal static partial class Lib
{
    // parameters.cpp
    [DllImport(L)] public static extern int ht_set_data(IntPtr h, IntPtr source);
    [DllImport(L), SuppressGCTransition] public static extern long ht_nbytes(IntPtr h);
}
