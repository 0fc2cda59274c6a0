using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Halos.Torch.Tests.Distributed;

/// <summary>What one rank process printed ("key=value" lines) and how it exited.</summary>
public sealed record RankOutcome(int Rank, int ExitCode, string Output)
{
    public string Value(string key) =>
        Output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..]
        ?? throw new Xunit.Sdk.XunitException($"rank {Rank} printed no '{key}=' line (exit {ExitCode}). Output:\n{Output}");

    public double[] Numbers(string key) =>
        Value(key).Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}

/// <summary>
/// Starts one worker process per rank on 127.0.0.1 with the torchrun variables set, and collects
/// their output. Every run has a hard deadline: a rank still running then is killed and the test
/// fails saying so, so a distributed bug can never hang the suite.
/// </summary>
public static class RankProcesses
{
    /// <summary>The tests that start rank processes run one at a time: on two cores, parallel runs would
    /// starve each other's ranks and blur the timings the fault tests assert.</summary>
    public const string Collection = "rank processes";

    private static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "Halos.Torch.DistributedWorker.dll");

    /// <summary>A port nothing listens on right now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static RankOutcome[] Run(string scenario, int worldSize, TimeSpan deadline, int timeoutMs = 20_000, int[]? ranks = null, int? port = null)
    {
        Assert.True(File.Exists(WorkerDll), $"the worker {WorkerDll} was not built beside the tests");
        var masterPort = port ?? FreePort();
        var started = new List<(int Rank, Process Process, StringBuilder Output)>();
        foreach (var rank in ranks ?? Enumerable.Range(0, worldSize).ToArray())
        {
            var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(WorkerDll);
            psi.ArgumentList.Add(scenario);
            psi.Environment["MASTER_ADDR"] = "127.0.0.1";
            psi.Environment["MASTER_PORT"] = masterPort.ToString(CultureInfo.InvariantCulture);
            psi.Environment["RANK"] = rank.ToString(CultureInfo.InvariantCulture);
            psi.Environment["LOCAL_RANK"] = rank.ToString(CultureInfo.InvariantCulture);
            psi.Environment["WORLD_SIZE"] = worldSize.ToString(CultureInfo.InvariantCulture);
            psi.Environment["HALOS_TEST_TIMEOUT_MS"] = timeoutMs.ToString(CultureInfo.InvariantCulture);
            var output = new StringBuilder();
            var p = new Process { StartInfo = psi };
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine("stderr: " + e.Data); };
            p.Start();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            started.Add((rank, p, output));
        }

        var clock = Stopwatch.StartNew();
        var outcomes = new List<RankOutcome>();
        var overdue = new List<int>();
        foreach (var (rank, p, output) in started)
        {
            var left = deadline - clock.Elapsed;
            if (!p.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                overdue.Add(rank);
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
            p.WaitForExit(); // drains the asynchronous output readers
            lock (output) outcomes.Add(new RankOutcome(rank, p.ExitCode, output.ToString()));
            p.Dispose();
        }
        if (overdue.Count > 0)
            throw new Xunit.Sdk.XunitException($"rank(s) {string.Join(", ", overdue)} were still running after {deadline.TotalSeconds} s and were killed. Output:\n" +
                                               string.Join("\n", outcomes.Select(o => $"--- rank {o.Rank} (exit {o.ExitCode})\n{o.Output}")));
        return outcomes.ToArray();
    }
}

/// <summary>
/// The rank-process tests run alone, after the parallel ones: they start processes and collect
/// their output in this process, which would disturb the suite's measurements of its own managed heap.
/// </summary>
[CollectionDefinition(RankProcesses.Collection, DisableParallelization = true)]
public sealed class RankProcessesCollection;
