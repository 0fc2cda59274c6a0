using Halos.Torch.Distributed;

namespace Halos.Torch.Tests.Distributed;

/// <summary>Parameter broadcast and bucketed gradient averaging across two processes.</summary>
[Collection(RankProcesses.Collection)]
public class GradientReductionTests
{
    [SkippableFact]
    public void Broadcast_gives_rank_0s_weights_and_buckets_average_the_ranks_gradients()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, "libhalos_torch was built without Gloo (install libgloo-dev)");
        var ranks = RankProcesses.Run("gradients", 2, TimeSpan.FromSeconds(60));
        foreach (var o in ranks) Assert.True(o.ExitCode == 0, $"rank {o.Rank} exited {o.ExitCode}:\n{o.Output}");

        // Different seeds, identical weights after the broadcast.
        Assert.Equal(ranks[0].Numbers("weights"), ranks[1].Numbers("weights"));
        Assert.Equal(5 * 4 + 4 + 4 * 3 + 3, ranks[0].Numbers("weights").Length);

        // Different data, so different local gradients...
        var local0 = ranks[0].Numbers("local");
        var local1 = ranks[1].Numbers("local");
        Assert.NotEqual(local0, local1);
        // ...and 64-byte buckets spread the 39 floats over several allreduces.
        Assert.True(ranks[0].Numbers("buckets")[0] >= 3, $"expected several buckets, got {ranks[0].Value("buckets")}");

        // Each reduced gradient is the mean of the two ranks' local ones, on both ranks.
        foreach (var o in ranks)
        {
            var reduced = o.Numbers("reduced");
            for (var i = 0; i < reduced.Length; i++)
                Assert.Equal((local0[i] + local1[i]) / 2, reduced[i], 6);
        }
    }

    [SkippableFact]
    public void Armed_buckets_start_during_backward_and_average_the_same_as_after_it()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, "libhalos_torch was built without Gloo (install libgloo-dev)");
        var ranks = RankProcesses.Run("gradients-overlap", 2, TimeSpan.FromSeconds(60));
        foreach (var o in ranks) Assert.True(o.ExitCode == 0, $"rank {o.Rank} exited {o.ExitCode}:\n{o.Output}");

        // Every 64-byte bucket but the last started before backward returned (the last finishes on the earliest
        // layer's gradients, at the very end of backward: it starts from its hook too, so all may have started).
        foreach (var o in ranks) Assert.True(o.Numbers("started_during_backward")[0] >= 2, $"rank {o.Rank}: {o.Value("started_during_backward")}");
        var local0 = ranks[0].Numbers("local");
        var local1 = ranks[1].Numbers("local");
        Assert.NotEqual(local0, local1);
        foreach (var o in ranks)
        {
            // Two backward passes accumulated before the reduction: the mean of the ranks' accumulated gradients.
            var reduced = o.Numbers("reduced");
            for (var i = 0; i < reduced.Length; i++) Assert.Equal((local0[i] + local1[i]) / 2, reduced[i], 6);
            // The unarmed step after it: reduced gradient + this step's local one, averaged over the ranks.
            var again = o.Numbers("again");
            for (var i = 0; i < again.Length; i++) Assert.Equal((local0[i] + local1[i]) / 2 * 1.5, again[i], 5);
        }
    }

    [Fact]
    public void Single_process_context_leaves_gradients_and_values_as_they_are()
    {
        using var dist = DistributedContext.SingleProcess();
        var w = torch.tensor(new float[] { 1, 2, 3 }, 3).requires_grad_();
        (w * w).sum().backward();
        using var buckets = dist.CreateGradientBuckets([w]);
        buckets.AllReduce();
        Assert.Equal([2f, 4f, 6f], w.grad!.data<float>());
        Assert.Equal(0, buckets.BucketCount);
        Assert.Equal(new MetricTotal(6, 4), dist.AllReduce(new MetricTotal(6, 4)));
        Assert.Equal([1f, 2f, 3f], dist.AllGatherConcat(w.detach()).data<float>());
        Assert.Equal([1L, 3L], dist.AllGather(w.detach()).shape);
        Assert.Equal(new DataShard(0, 7), dist.Shard(0, 7));
        dist.Barrier();
    }
}
