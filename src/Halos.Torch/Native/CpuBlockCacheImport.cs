using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

internal static partial class Lib
{
    // cpu_block_cache.cpp
    [DllImport(L)] public static extern unsafe int ht_cpu_block_cache_stats(long* values);
}
