namespace Halos.Torch.Tests.Memory;

// The counters are process-wide: these run alone, as the other memory measurements do.
[Collection(nameof(MemoryMeasurements))]
public class CpuBlockCacheTests
{
    private static CpuBlockCacheStats Installed()
    {
        var stats = CpuBlockCache.Stats();
        Assert.True(stats is not null, "the block cache is installed by default on libtorch 1.13 (HALOS_CPU_BLOCK_CACHE_MB unset)");
        return stats!;
    }

    private static bool TurnedOff => Environment.GetEnvironmentVariable("HALOS_CPU_BLOCK_CACHE_MB") == "0";

    [Fact]
    public void A_freed_large_block_serves_the_next_request_of_its_size_and_the_new_tensor_holds_its_own_values()
    {
        if (TurnedOff) return;
        const long floats = 1L << 20;  // 4 MiB
        using (var first = torch.ones([floats]))
            Assert.Equal(floats, first.sum().item<float>());
        var before = Installed();
        using var second = torch.zeros([floats]);
        var after = Installed();
        Assert.Equal(before.Hits + 1, after.Hits);
        Assert.Equal(before.Misses, after.Misses);
        Assert.Equal(0f, second.abs().sum().item<float>());
        // A request a little smaller is served by a kept block too.
        second.Dispose();
        var kept = Installed();
        using var smaller = torch.empty([floats * 7 / 8]);
        Assert.Equal(kept.Hits + 1, Installed().Hits);
    }

    [Fact]
    public void Scratch_that_libtorch_frees_by_the_raw_deleter_goes_back_to_its_own_allocator()
    {
        // Exact GELU runs through oneDNN, whose scratch libtorch takes with raw_allocate and frees with the
        // allocator's raw_deleter, which is the cache's for every block, small ones included. The cache once
        // looked those up among its own blocks and threw, which ended the process.
        var values = Enumerable.Range(0, 6 * 64).Select(i => (i - 192) / 40.0).ToArray();
        using var x = torch.tensor(values.Select(v => (float)v).ToArray(), 6, 64);
        using var y = F.gelu(x);
        var expected = values.Select(v => 0.5 * v * (1 + Ops.TensorAssert.Erf(v / Math.Sqrt(2)))).ToArray();
        Ops.TensorAssert.Close(expected, y, atol: 1e-5);
    }

    [Fact]
    public void Small_tensors_stay_with_libtorchs_allocator()
    {
        if (TurnedOff) return;
        var before = Installed();
        for (var i = 0; i < 100; i++)
            using (var t = torch.ones([1000]))
                t.add_(1);
        var after = Installed();
        Assert.Equal(before.Hits + before.Misses, after.Hits + after.Misses);
    }

    [Fact]
    public void What_is_mapped_never_exceeds_the_peak_in_use_plus_the_slack()
    {
        if (TurnedOff) return;
        var random = new Random(5);
        for (var round = 0; round < 40; round++)
        {
            // Sizes from 1 to 40 MiB, never the same twice in a row: many kept blocks must be evicted.
            var live = Enumerable.Range(0, 3).Select(_ => torch.empty([(long)random.Next(1 << 18, 10 << 20)])).ToList();
            var s = Installed();
            Assert.True(s.LiveBytes + s.KeptBytes <= s.PeakLiveBytes + s.SlackBytes,
                $"mapped {s.LiveBytes + s.KeptBytes} B > peak {s.PeakLiveBytes} + slack {s.SlackBytes}");
            foreach (var t in live) t.Dispose();
            s = Installed();
            Assert.True(s.LiveBytes + s.KeptBytes <= s.PeakLiveBytes + s.SlackBytes);
        }
    }
}
