using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

internal static partial class Lib
{
    // linear_log_probs.cpp
    [DllImport(L)] public static extern IntPtr ht_linear_log_probs(IntPtr hidden, IntPtr weight, IntPtr targets, long chunk, double softcap, IntPtr entropy);
}
