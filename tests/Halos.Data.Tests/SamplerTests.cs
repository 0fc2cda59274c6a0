using Halos.Data.Batching;

namespace Halos.Data.Tests;

public class SamplerTests
{
    [Fact]
    public void AnEpochIsAPermutationFixedBySeedAndEpoch()
    {
        var sampler = new DataSampler(10, 3, new SamplerOptions { Seed = 42 });
        var epoch0 = sampler.EpochBatches(0);
        Assert.Equal([3, 3, 3, 1], epoch0.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 10), epoch0.SelectMany(b => b).Order());
        Assert.Equal(epoch0.SelectMany(b => b), new DataSampler(10, 3, new SamplerOptions { Seed = 42 }).EpochBatches(0).SelectMany(b => b));
        Assert.NotEqual(epoch0.SelectMany(b => b), sampler.EpochBatches(1).SelectMany(b => b));
        Assert.NotEqual(epoch0.SelectMany(b => b), new DataSampler(10, 3, new SamplerOptions { Seed = 43 }).EpochBatches(0).SelectMany(b => b));
    }

    [Fact]
    public void SeededRandomIsSplitMix64()
    {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var random = new SeededRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
    }

    [Fact]
    public void ASavedPositionResumesWithTheIdenticalNextBatch()
    {
        var options = new SamplerOptions { Seed = 5, DropLast = true };
        var original = new DataSampler(11, 4, options);
        for (var i = 0; i < 3; i++) original.Next(); // into the second epoch (2 batches per epoch)
        var saved = DataPosition.FromJson(original.Position.ToJson());
        Assert.Equal((1, 1), (saved.Epoch, saved.Batch));
        var expected = Enumerable.Range(0, 5).Select(_ => original.Next()).ToList();

        var resumed = new DataSampler(11, 4, options);
        resumed.Restore(saved);
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => resumed.Next()));
    }

    [Fact]
    public void APositionFromAnotherDatasetIsRefused()
    {
        var sampler = new DataSampler(11, 4, new SamplerOptions { Seed = 5 });
        var e = Assert.Throws<InvalidOperationException>(() => sampler.Restore(new DataPosition(0, 1, 5, 12, 4)));
        Assert.Contains("12 examples", e.Message);
    }

    [Fact]
    public void LengthGroupingPutsSimilarLengthsTogether()
    {
        var lengths = Enumerable.Range(0, 64).Select(i => i * 7 % 64).ToArray();
        var sampler = new DataSampler(64, 8, new SamplerOptions { Seed = 1, GroupByLength = true, LengthGroupWindow = 8 }, lengths);
        var batches = sampler.EpochBatches(0);
        Assert.Equal(Enumerable.Range(0, 64), batches.SelectMany(b => b).Order());
        // One window covers the epoch, so each batch holds 8 consecutive lengths: spread 7, versus ~56 at random.
        Assert.All(batches, b => Assert.Equal(7, b.Max(i => lengths[i]) - b.Min(i => lengths[i])));
    }
}
