using Halos.Torch.Distributed;

namespace Halos.Torch.Tests.Distributed;

public class DataShardTests
{
    [Theory]
    [InlineData(10, 2)]
    [InlineData(11, 3)]
    [InlineData(2, 4)]
    [InlineData(0, 3)]
    public void Shards_tile_the_range_in_rank_order_and_differ_in_size_by_at_most_one(long count, int world)
    {
        var shards = Enumerable.Range(0, world).Select(r => DataShard.Of(50, count, r, world)).ToArray();
        Assert.Equal(50, shards[0].Start);
        for (var r = 1; r < world; r++) Assert.Equal(shards[r - 1].End, shards[r].Start);
        Assert.Equal(50 + count, shards[^1].End);
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= 1);
        // Larger shards come first, so every rank computes the same split without talking.
        Assert.Equal(shards.Select(s => s.Count).OrderDescending(), shards.Select(s => s.Count));
    }

    [Fact]
    public void Select_takes_this_ranks_items()
    {
        var items = Enumerable.Range(0, 7).Select(i => $"ex{i}").ToArray();
        Assert.Equal(["ex0", "ex1", "ex2"], DataShard.Select(items, 0, 3));
        Assert.Equal(["ex3", "ex4"], DataShard.Select(items, 1, 3));
        Assert.Equal(["ex5", "ex6"], DataShard.Select(items, 2, 3));
    }

    [Fact]
    public void A_rank_outside_the_world_is_an_error()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DataShard.Of(0, 10, 2, 2));
        Assert.Contains("rank 2 is outside 0..1", e.Message);
    }
}
