using Halos.Torch.Distributed;

namespace Halos.Torch.Tests.Distributed;

/// <summary>A dead, hung or unreachable peer ends the others with an error naming it, within the timeout: never a silent hang.</summary>
[Collection(RankProcesses.Collection)]
public class FaultTests
{
    private const string NoGloo = "libhalos_torch was built without Gloo (install libgloo-dev)";

    [SkippableFact]
    public void A_rank_that_exits_mid_run_fails_the_next_collective_naming_it()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, NoGloo);
        // The timeout is generous on purpose: a dead peer's connection resets, so the failure must come long before it.
        var ranks = RankProcesses.Run("die", 2, TimeSpan.FromSeconds(60), timeoutMs: 30_000);
        Assert.Equal(3, ranks[1].ExitCode);
        var survivor = ranks[0];
        Assert.True(survivor.ExitCode == 1, $"rank 0 exited {survivor.ExitCode}:\n{survivor.Output}");
        Assert.Equal("1", survivor.Value("suspects"));
        Assert.Contains("because of rank 1", survivor.Value("message"));
        Assert.Contains("rank 1 stopped", survivor.Value("message"));
        Assert.True(survivor.Numbers("elapsed_ms")[0] < 10_000, $"took {survivor.Value("elapsed_ms")} ms");
    }

    [SkippableFact]
    public void A_rank_that_dies_in_a_three_rank_run_is_named_by_both_survivors()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, NoGloo);
        var ranks = RankProcesses.Run("die", 3, TimeSpan.FromSeconds(60), timeoutMs: 5_000);
        Assert.Equal(3, ranks[2].ExitCode);
        foreach (var o in ranks.Take(2))
        {
            Assert.True(o.ExitCode == 1, $"rank {o.Rank} exited {o.ExitCode}:\n{o.Output}");
            Assert.Equal("2", o.Value("suspects"));
            Assert.Contains("rank 2 stopped", o.Value("message"));
        }
    }

    [SkippableFact]
    public void When_rank_0_dies_the_others_name_it_as_the_unreachable_store_host()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, NoGloo);
        var ranks = RankProcesses.Run("die-first", 2, TimeSpan.FromSeconds(60), timeoutMs: 30_000);
        Assert.Equal(3, ranks[0].ExitCode);
        var survivor = ranks[1];
        Assert.True(survivor.ExitCode == 1, $"rank 1 exited {survivor.ExitCode}:\n{survivor.Output}");
        Assert.Equal("0", survivor.Value("suspects"));
        Assert.Contains("because of rank 0: rank 0, which hosts the rendezvous store at 127.0.0.1:", survivor.Value("message"));
        Assert.True(survivor.Numbers("elapsed_ms")[0] < 10_000, $"took {survivor.Value("elapsed_ms")} ms");
    }

    [SkippableFact]
    public void A_rank_that_never_enters_the_collective_times_out_naming_it()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, NoGloo);
        var ranks = RankProcesses.Run("hang", 2, TimeSpan.FromSeconds(60), timeoutMs: 2_000);
        var waiting = ranks[0];
        Assert.True(waiting.ExitCode == 1, $"rank 0 exited {waiting.ExitCode}:\n{waiting.Output}");
        Assert.Equal("1", waiting.Value("suspects"));
        Assert.Contains("rank 1 is alive but has entered 0 collectives to this rank's 1", waiting.Value("message"));
        // The 2 s timeout, plus the liveness check (3 heartbeats of 200 ms), plus slack for a loaded machine.
        var elapsed = waiting.Numbers("elapsed_ms")[0];
        Assert.InRange(elapsed, 1_900, 8_000);
    }

    [SkippableFact]
    public void A_rank_that_cannot_reach_the_store_names_the_address()
    {
        Skip.IfNot(CollectiveBackends.IsAvailable, NoGloo);
        var port = RankProcesses.FreePort();
        var o = RankProcesses.Run("unreachable", 2, TimeSpan.FromSeconds(30), timeoutMs: 1_000, ranks: [1], port: port).Single();
        Assert.Equal(1, o.ExitCode);
        Assert.Contains($"could not reach the rendezvous store at 127.0.0.1:{port} (MASTER_ADDR:MASTER_PORT)", o.Value("error"));
    }
}
