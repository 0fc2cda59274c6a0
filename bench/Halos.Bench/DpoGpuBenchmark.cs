using Halos.Torch;

namespace Halos.Bench;

/// <summary>
/// <c>dpo --device cuda --dtype bfloat16</c>: the DPO step on one GPU, ours against peer_dpo_step.py with the same
/// options, each in its own process: tokens/s, peak GPU memory (the caching allocator's, as
/// torch.cuda.max_memory_allocated), the ratio, and model FLOP utilisation against the GPU's dense bf16 peak.
/// </summary>
internal static class DpoGpuBenchmark
{
    public static int Run(BenchArgs a)
    {
        var shape = DpoShape.From(a);
        var device = a.Get("device", "cuda");
        var dtype = a.Get("dtype", "bfloat16");
        var peakTflops = double.Parse(a.Get("peak-tflops", "990"), System.Globalization.CultureInfo.InvariantCulture);
        var python = a.Get("peer", "python3");
        var peerScript = Path.Combine(a.Get("shared", Path.Combine(DpoBenchmark.RepoRoot(), "..", "shared")), "bench", "peer_dpo_step.py");
        var modelFlops = ModelFlopsPerStep(shape);
        Console.WriteLine($"DPO step on {device}, {dtype}: {shape}; median of {shape.Steps} steps after 1 warm-up");
        Console.WriteLine($"model FLOPs per step {modelFlops / 1e12:F2} TFLOP (policy forward+backward = 3 forwards, reference = 1; " +
                          $"forward = 2·tokens·(12·L·d² + V·d) + 4·L·T·d·tokens); MFU against {peakTflops:F0} TFLOP/s dense bf16");

        var sideArgs = new[] { "--device", device, "--dtype", dtype }.Concat(shape.Arguments).ToArray();
        DpoBenchmark.Side ours;
        try
        {
            ours = DpoBenchmark.RunSide(DpoBenchmark.Self(["dpo", "--child", "ours", .. sideArgs, "--losses", a.Get("losses", Path.Combine(DpoBenchmark.RepoRoot(), "losses"))]), null);
        }
        catch (Exception e)
        {
            Console.WriteLine($"ours failed: {e.Message}");
            return 1;
        }
        DpoBenchmark.Side? peer = null;
        try
        {
            peer = DpoBenchmark.RunSide((python, [peerScript, .. sideArgs]), null);
        }
        catch (Exception e)
        {
            Console.WriteLine($"peer failed: {FirstLines(e.Message)}");
        }

        Console.WriteLine($"{"side",-10} {"step s",8} {"tokens/s",10} {"peak GPU MB",12} {"MFU",7} {"loss",10}");
        void Print(string label, DpoBenchmark.Side s) =>
            Console.WriteLine($"{label,-10} {s.StepSeconds,8:F4} {s.TokensPerSecond,10:F0} {s.PeakGpuMb ?? double.NaN,12:F0} " +
                              $"{modelFlops / s.StepSeconds / (peakTflops * 1e12),7:P1} {s.Loss,10:F5}");
        Print("ours", ours);
        if (peer is not null)
        {
            Print("peer", peer);
            Console.WriteLine($"tokens/s ours/peer {ours.TokensPerSecond / peer.TokensPerSecond:F3} (goal >= 1.2), " +
                              $"peak GPU memory ours/peer {ours.PeakGpuMb / peer.PeakGpuMb:F3}");
        }
        return peer is null && !a.Has("peer-optional") ? 3 : 0;
    }

    /// <summary>The model's FLOPs for one step, counting the full head and full (unmasked) attention scores as the peer computes them.</summary>
    internal static double ModelFlopsPerStep(DpoShape s)
    {
        double tokens = 2.0 * s.Batch * s.Seq;
        double forward = tokens * (2.0 * (12.0 * s.Layers * s.Width * (double)s.Width + (double)s.Vocab * s.Width) + 4.0 * s.Layers * s.Seq * (double)s.Width);
        return 4 * forward;
    }

    private static string FirstLines(string message) => string.Join(" / ", message.Split('\n').Where(l => l.Trim().Length > 0).TakeLast(3));
}
