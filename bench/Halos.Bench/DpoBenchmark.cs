using Halos.Torch;

namespace Halos.Bench;

/// <summary>
/// Issue 8's DPO benchmark: one DPO training step on a GPT-2-shaped model (policy forward and backward over chosen
/// and rejected concatenated, reference forward with no grad, losses/dpo.csx, AdamW) through the paired trainer
/// plugin and the compiled loss script, against ../shared/bench/peer_dpo_step.py. Each side runs in its own
/// process so that its peak resident memory (VmHWM / ru_maxrss) is its own; the peer runs twice, with libgomp's
/// default spinning and with OMP_WAIT_POLICY=PASSIVE (what Halos.Torch sets for itself).
/// </summary>
internal static class DpoBenchmark
{
    public static int Run(string[] argv)
    {
        var a = new BenchArgs(argv);
        if (a.Get("child", "") == "ours") return OursChild(a);
        if (a.Has("breakdown")) return DpoBreakdown.Run(a);
        if (a.Get("device", "cpu") != "cpu") return DpoGpuBenchmark.Run(a);

        var threads = a.GetInt("threads", Environment.ProcessorCount);
        var shape = DpoShape.From(a);
        var python = a.Get("peer", "/usr/bin/python3");
        var peerScript = Path.Combine(a.Get("shared", Path.Combine(RepoRoot(), "..", "shared")), "bench", "peer_dpo_step.py");
        if (!File.Exists(peerScript))
        {
            Console.Error.WriteLine($"dpo: the peer {peerScript} is missing; pass --shared DIR (the folder holding bench/peer_dpo_step.py)");
            return 2;
        }
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"libtorch {torch.version}, threads {threads}");
        Console.WriteLine($"DPO step, GPT-2 shape: {shape}; first quarter of each row is the prompt; median of {shape.Steps} steps after 1 warm-up");
        Console.WriteLine("ours: PairedPreferenceTrainer (chunked LM head) + losses/dpo.csx + AdamW, in a child process");

        var ours = RunSide(Self(["dpo", "--child", "ours", "--threads", threads.ToString(), .. shape.Arguments, "--losses", a.Get("losses", Path.Combine(RepoRoot(), "losses"))]), null);
        var peerArgs = new[] { peerScript, "--threads", threads.ToString() }.Concat(shape.Arguments).ToArray();
        var peer = RunSide((python, peerArgs), null);
        var peerPassive = RunSide((python, peerArgs), new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" });

        Console.WriteLine($"peer: {peer.Name}");
        Console.WriteLine();
        Console.WriteLine($"{"side",-36} {"step s",8} {"tokens/s",10} {"peak RSS MB",12} {"loss",10}");
        Print("ours", ours);
        Print("peer (default OpenMP waiting)", peer);
        Print("peer (OMP_WAIT_POLICY=PASSIVE)", peerPassive);
        Console.WriteLine();
        foreach (var (label, p) in new[] { ("peer default", peer), ("peer passive", peerPassive) })
            Console.WriteLine($"vs {label,-13}: tokens/s ours/peer {ours.TokensPerSecond / p.TokensPerSecond:F3} (goal >= 1.5), " +
                              $"peak RSS ours/peer {ours.PeakMb / p.PeakMb:F3} (goal <= 0.6)");
        return 0;
    }

    internal sealed record Side(string Name, double StepSeconds, double TokensPerSecond, double PeakMb, double Loss, double? PeakGpuMb);

    private static void Print(string label, Side s) =>
        Console.WriteLine($"{label,-36} {s.StepSeconds,8:F3} {s.TokensPerSecond,10:F0} {s.PeakMb,12:F0} {s.Loss,10:F5}");

    internal static Side RunSide((string File, string[] Arguments) command, IReadOnlyDictionary<string, string>? environment)
    {
        var r = PeerProcess.RunJson(command.File, environment, command.Arguments);
        return new Side(r.GetProperty("peer").GetString()!, r.GetProperty("step_s_median").GetDouble(),
            r.GetProperty("tokens_per_second").GetDouble(), r.GetProperty("peak_rss_mb").GetDouble(),
            r.TryGetProperty("loss", out var loss) ? loss.GetDouble() : double.NaN,
            r.TryGetProperty("peak_gpu_mb", out var gpu) && gpu.ValueKind == System.Text.Json.JsonValueKind.Number ? gpu.GetDouble() : null);
    }

    internal static (string File, string[] Arguments) Self(string[] arguments)
    {
        var self = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? (self, [typeof(DpoBenchmark).Assembly.Location, .. arguments])
            : (self, arguments);
    }

    /// <summary>Our side, in this process: prints one JSON line in the peer's format.</summary>
    private static int OursChild(BenchArgs a)
    {
        var shape = DpoShape.From(a);
        torch.set_num_threads(a.GetInt("threads", Environment.ProcessorCount));
        torch.manual_seed(0);
        var device = Device.Parse(a.Get("device", "cpu"));
        ScalarType? autocast = a.Get("dtype", "float32") switch
        {
            "float32" => null,
            "bfloat16" => ScalarType.BFloat16,
            var other => throw new ArgumentException($"--dtype {other}: expected float32 or bfloat16 (bf16 autocast)"),
        };
        using var step = new DpoStep(shape, a.Get("losses", "losses"), device, autocast);
        step.Run();
        var median = Timing.Median(step.Run, shape.Steps);
        var gpu = device.Type == DeviceType.CUDA ? (torch.cuda.max_memory_allocated(device.NativeIndex) / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "null";
        Console.WriteLine($$"""{"peer":"halos (paired trainer, chunked head, dpo.csx)","params":{{step.Parameters}},"step_s_median":{{median:F4}},"tokens_per_second":{{step.Rows * shape.Seq / median:F1}},"peak_rss_mb":{{ResidentMb("VmHWM"):F1}},"peak_gpu_mb":{{gpu}},"loss":{{step.LastLoss}}}""");
        return 0;
    }

    internal static double ResidentMb(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":"));
        return double.Parse(line.Split(':')[1].Trim().Split(' ')[0]) / 1024;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (the folder holding Halos.Plugins.sln)");
    }
}
