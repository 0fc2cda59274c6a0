using System.Diagnostics;
using Halos.Host.Cli;
using Halos.Host.Tests.Support;
using Halos.Host.Verbs;

namespace Halos.Host.Tests;

/// <summary><c>halos launch</c>: torchrun's variables per rank, output prefixed by rank, and a failed rank stops the others.</summary>
public sealed class LaunchVerbTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Each_rank_gets_the_torchrun_variables_and_a_shared_free_port()
    {
        var result = CliRun.InProcess(_root.Path,
            ["launch", "--nproc", "3", "--program", "/bin/sh", "--", "-c", "echo rank=$RANK world=$WORLD_SIZE local=$LOCAL_RANK addr=$MASTER_ADDR port=$MASTER_PORT"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var ports = new HashSet<string>();
        for (var r = 0; r < 3; r++)
        {
            var line = Assert.Single(lines, l => l.StartsWith($"[rank {r}] ", StringComparison.Ordinal));
            Assert.Contains($"rank={r} world=3 local={r} addr=127.0.0.1 port=", line);
            ports.Add(line[(line.IndexOf("port=", StringComparison.Ordinal) + 5)..]);
        }
        var port = int.Parse(Assert.Single(ports));
        Assert.InRange(port, 1, 65535);
    }

    [Fact]
    public void A_failing_rank_stops_the_others_and_is_named()
    {
        var clock = Stopwatch.StartNew();
        // Rank 1 fails at once; the others would run for a minute.
        var result = CliRun.InProcess(_root.Path,
            ["launch", "--nproc", "3", "--master-port", "29999", "--program", "/bin/sh", "--", "-c",
             "if [ \"$RANK\" = 1 ]; then echo dying >&2; exit 7; fi; exec sleep 60"]);
        Assert.Equal(ExitCodes.RuntimeFailure, result.ExitCode);
        Assert.Contains("[rank 1] dying", result.Error);
        Assert.Contains("halos launch: rank 1 exited with code 7; stopping rank(s) 0, 2", result.Error);
        Assert.Contains("failed: rank 1 (of 3) exited with code 7", result.Error);
        // sleep dies on SIGTERM at once: nowhere near the minute, nor the 10 s grace.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Multi_node_plans_number_ranks_by_node()
    {
        var options = new Dictionary<string, string> { ["--nproc"] = "4", ["--nnodes"] = "2", ["--node-rank"] = "1", ["--master-addr"] = "10.1.2.3" };
        var plan = LaunchVerb.Plan.Of(options.GetValueOrDefault, ["train"]);
        Assert.Equal(8, plan.WorldSize);
        Assert.Equal(1, plan.NodeRank);
        Assert.Equal(["train"], plan.Command);
    }

    [Theory]
    [InlineData(new[] { "--", "train" }, "--nproc is required")]
    [InlineData(new[] { "--nproc", "0", "--", "train" }, "--nproc: '0' is not a whole number in 1..4096")]
    [InlineData(new[] { "--nproc", "2" }, "nothing to launch")]
    [InlineData(new[] { "--nproc", "2", "--nnodes", "2", "--", "train" }, "--nnodes > 1 needs --master-addr")]
    [InlineData(new[] { "--nproc", "2", "--node-rank", "1", "--", "train" }, "--node-rank 1 must be below --nnodes 1")]
    [InlineData(new[] { "--nproc", "2", "--master-port", "x", "--", "train" }, "--master-port: 'x' is not a whole number")]
    [InlineData(new[] { "--nproc", "2", "--gpus", "--", "train" }, "unknown option '--gpus'")]
    public void Bad_command_lines_are_usage_errors(string[] args, string message)
    {
        var result = CliRun.InProcess(_root.Path, ["launch", .. args]);
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(message, result.Error);
    }
}
