using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Halos.Torch;
using Halos.Torch.Distributed;

namespace Halos.Bench;

/// <summary>
/// Allreduce bandwidth of a 100 MB float32 tensor between 2 processes over loopback with Gloo: ours
/// (this binary, twice, as ranks) against PyTorch eager's torch.distributed (bench/peers/peer_allreduce.py),
/// measured in the same run. On one machine this measures memory copies and the TCP stack, not a
/// network: it shows the binding adds nothing over libtorch's own Gloo path.
/// Reported: algorithm bandwidth = bytes / time, and bus bandwidth = algbw × 2(n−1)/n (what each rank moves).
/// </summary>
internal static class AllReduceBenchmark
{
    public static int Run(string[] args)
    {
        var mb = Option(args, "--mb", 100.0);
        var iters = (int)Option(args, "--iters", 5.0);
        var python = OptionText(args, "--peer") ?? "/usr/bin/python3";
        var world = 2;
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"allreduce of {mb} MB float32, {world} processes on 127.0.0.1, Gloo, median of {iters}");

        var ours = RunRanks(world, rank => (Environment.ProcessPath!, SelfArgs("allreduce-rank", mb, iters)));
        var peerScript = Path.Combine(AppContext.BaseDirectory, "peers", "peer_allreduce.py");
        if (!File.Exists(peerScript)) peerScript = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../peers/peer_allreduce.py"));
        double? peer = null;
        try
        {
            peer = RunRanks(world, rank => (python, [peerScript, "--mb", mb.ToString(CultureInfo.InvariantCulture), "--iters", iters.ToString(CultureInfo.InvariantCulture)]));
        }
        catch (Exception e)
        {
            Console.WriteLine($"peer unavailable ({e.Message.Split('\n')[0]}); install python3-torch");
        }

        var bytes = mb * 1e6;
        string Line(string who, double s) =>
            $"{who,-28} {s * 1e3,9:F1} ms   algbw {bytes / s / 1e9,6:F2} GB/s   busbw {bytes / s / 1e9 * 2 * (world - 1) / world,6:F2} GB/s";
        Console.WriteLine(Line("halos (c10d Gloo binding)", ours));
        if (peer is { } p)
        {
            Console.WriteLine(Line("pytorch eager (gloo)", p));
            Console.WriteLine($"ratio halos/pytorch time: {ours / p:F2}");
        }
        return 0;
    }

    /// <summary>One rank of our side: prints the median seconds as JSON on rank 0.</summary>
    public static int RunRank(string[] args)
    {
        var mb = Option(args, "--mb", 100.0);
        var iters = (int)Option(args, "--iters", 5.0);
        torch.set_num_threads(1);
        using var dist = DistributedContext.FromEnvironment();
        using var x = torch.ones((long)(mb * 1e6 / 4));
        dist.Group!.AllReduce(x);
        var times = new List<double>();
        for (var i = 0; i < iters; i++)
        {
            dist.Barrier();
            var clock = Stopwatch.StartNew();
            dist.Group.AllReduce(x);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        if (dist.IsMainProcess) Console.WriteLine(JsonSerializer.Serialize(new { seconds = times[times.Count / 2] }));
        dist.Barrier();
        return 0;
    }

    private static double RunRanks(int world, Func<int, (string File, string[] Args)> command)
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }
        var env = (int rank) => new Dictionary<string, string>
        {
            ["MASTER_ADDR"] = "127.0.0.1", ["MASTER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["RANK"] = rank.ToString(CultureInfo.InvariantCulture), ["WORLD_SIZE"] = world.ToString(CultureInfo.InvariantCulture),
            ["LOCAL_RANK"] = rank.ToString(CultureInfo.InvariantCulture), ["OMP_NUM_THREADS"] = "1",
        };
        var others = Enumerable.Range(1, world - 1).Select(r =>
        {
            var (file, a) = command(r);
            var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var x in a) psi.ArgumentList.Add(x);
            foreach (var (k, v) in env(r)) psi.Environment[k] = v;
            return Process.Start(psi)!;
        }).ToList();
        var (file0, args0) = command(0);
        var result = PeerProcess.RunJson(file0, env(0), args0);
        foreach (var p in others)
        {
            p.WaitForExit(60_000);
            p.Dispose();
        }
        return result.GetProperty("seconds").GetDouble();
    }

    private static string[] SelfArgs(string mode, double mb, int iters)
    {
        var self = Environment.GetCommandLineArgs()[0];
        var prefix = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? new[] { self } : [];
        return [.. prefix, mode, "--mb", mb.ToString(CultureInfo.InvariantCulture), "--iters", iters.ToString(CultureInfo.InvariantCulture)];
    }

    private static double Option(string[] args, string name, double fallback) =>
        OptionText(args, name) is { } t ? double.Parse(t, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
