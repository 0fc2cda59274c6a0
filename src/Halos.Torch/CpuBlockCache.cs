using Halos.Torch.Native;

namespace Halos.Torch;

/// <summary>
/// The shim's allocator for CPU tensors of 1 MiB or more (native/src/cpu_block_cache.cpp): each large block is mapped on
/// its own and, once freed, kept for the next request of about its size, while everything mapped stays within the peak
/// ever in use plus <see cref="CpuBlockCacheStats.SlackBytes"/>. <c>HALOS_CPU_BLOCK_CACHE_MB</c> sets the slack (default
/// 64); 0 leaves libtorch's own allocator in place.
/// </summary>
public static class CpuBlockCache
{
    /// <summary>The cache's counters, or null when it is not installed (turned off, or a libtorch whose allocator API it does not know).</summary>
    public static unsafe CpuBlockCacheStats? Stats()
    {
        var values = stackalloc long[7];
        var installed = Lib.ht_cpu_block_cache_stats(values);
        Check.Status(installed);
        return installed == 0 ? null : new CpuBlockCacheStats(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
    }
}

/// <param name="SlackBytes">How far above the peak in use the blocks mapped in all may go.</param>
/// <param name="KeptBytes">Freed blocks kept for reuse.</param>
/// <param name="LiveBytes">Blocks in use now.</param>
/// <param name="PeakLiveBytes">The most ever in use at once.</param>
/// <param name="Hits">Requests served from a kept block.</param>
/// <param name="Misses">Requests that mapped a new block.</param>
/// <param name="Evictions">Kept blocks unmapped to stay within the bound.</param>
public sealed record CpuBlockCacheStats(long SlackBytes, long KeptBytes, long LiveBytes, long PeakLiveBytes, long Hits, long Misses, long Evictions);
