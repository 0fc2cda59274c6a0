using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

internal static partial class Lib
{
    // inverse_cdf_sampling.cpp
    [DllImport(L)] public static extern unsafe int ht_inverse_cdf_sample(IntPtr logits, IntPtr uniforms, IntPtr* tokens, IntPtr* logProbs);
}
