using Halos.Torch.Distributed;

namespace Halos.Torch.Tests.Distributed;

/// <summary>Two and three real processes on 127.0.0.1 over Gloo: every collective against values worked out by hand.</summary>
[Collection(RankProcesses.Collection)]
public class CollectiveTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public void Collectives_on_two_ranks_give_the_hand_computed_values()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, "libhalos_torch was built without Gloo (install libgloo-dev)");
        var ranks = RankProcesses.Run("collectives", 2, Deadline);
        foreach (var o in ranks)
        {
            Assert.True(o.ExitCode == 0, $"rank {o.Rank} exited {o.ExitCode}:\n{o.Output}");
            // [1, 10] + [2, 20]
            Assert.Equal([3.0, 30.0], o.Numbers("sum"));
            Assert.Equal([1.5, 15.0], o.Numbers("avg"));
            // max of [0, 0] and [1, -1]
            Assert.Equal([1.0, 0.0], o.Numbers("max"));
            Assert.Equal([7.5, 7.5, 7.5], o.Numbers("broadcast"));
            Assert.Equal([2.0, 2.0], o.Numbers("gather_shape"));
            Assert.Equal([0.0, 0.0, 1.0, 1.0], o.Numbers("gather"));
            // Rank 0 holds one row of 0s, rank 1 two rows of 1s.
            Assert.Equal([3.0, 2.0], o.Numbers("concat_shape"));
            Assert.Equal([0.0, 0.0, 1.0, 1.0, 1.0, 1.0], o.Numbers("concat"));
            // Loss means 1 over 10 examples and 2 over 20: (10 + 40) / 30, not the mean of means 1.5.
            Assert.Equal(50.0 / 30.0, o.Numbers("loss_mean")[0], 12);
            Assert.Equal(30.0, o.Numbers("loss_count")[0]);
            Assert.Equal(0.5, o.Numbers("accuracy_mean")[0], 12);
            // 11 indices from 100 over 2 ranks: 6 then 5.
            Assert.Equal(o.Rank == 0 ? [100.0, 6.0] : [106.0, 5.0], o.Numbers("shard"));
        }
        // Every rank ran the same sequence of collectives.
        Assert.Equal(ranks[0].Value("collectives"), ranks[1].Value("collectives"));
    }

    [SkippableFact]
    public void Collectives_on_three_ranks_give_the_hand_computed_values()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, "libhalos_torch was built without Gloo (install libgloo-dev)");
        foreach (var o in RankProcesses.Run("collectives", 3, Deadline))
        {
            Assert.True(o.ExitCode == 0, $"rank {o.Rank} exited {o.ExitCode}:\n{o.Output}");
            Assert.Equal([6.0, 60.0], o.Numbers("sum"));
            Assert.Equal([2.0, 20.0], o.Numbers("avg"));
            Assert.Equal([2.0, 0.0], o.Numbers("max"));
            Assert.Equal([0.0, 0.0, 1.0, 1.0, 2.0, 4.0], o.Numbers("gather"));
            Assert.Equal([6.0, 2.0], o.Numbers("concat_shape"));
            Assert.Equal([0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0], o.Numbers("concat"));
            // (1·10 + 2·20 + 3·30) / 60
            Assert.Equal(140.0 / 60.0, o.Numbers("loss_mean")[0], 12);
            // 11 over 3: 4, 4, 3.
            Assert.Equal(o.Rank switch { 0 => [100.0, 4.0], 1 => [104.0, 4.0], _ => [108.0, 3.0] }, o.Numbers("shard"));
        }
    }

    [SkippableFact]
    public void Metrics_with_different_names_on_some_rank_are_an_error_naming_it()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, "libhalos_torch was built without Gloo (install libgloo-dev)");
        foreach (var o in RankProcesses.Run("metric-names", 2, Deadline))
        {
            Assert.Equal([2.0], o.Numbers("union_names"));
            Assert.Equal([2.0, 2.0], o.Numbers("union_loss"));
            Assert.Equal([1.0, 1.0], o.Numbers("union_extra"));
            Assert.Equal(1, o.ExitCode);
            Assert.Contains("ranks report different metric names: rank(s) 1 differ from rank 0", o.Value("error"));
        }
    }
}
