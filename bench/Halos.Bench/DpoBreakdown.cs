using System.Diagnostics;
using Halos.Torch;
using Halos.Torch.Profiling;

namespace Halos.Bench;

/// <summary>
/// <c>dpo --breakdown</c>: where our DPO step's time goes, from libtorch's own op events (<see cref="OpProfiler"/>), by
/// category, with the matrix products' achieved GFLOP/s and the GEMM floor (their FLOPs at the 1024³ GEMM rate
/// measured in the same process) beside the step time.
/// </summary>
internal static class DpoBreakdown
{
    public static int Run(BenchArgs a)
    {
        var shape = DpoShape.From(a) with { Steps = a.GetInt("steps", 2) };
        var threads = a.GetInt("threads", Environment.ProcessorCount);
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"libtorch {torch.version}, threads {threads}");
        Console.WriteLine($"DPO step breakdown, GPT-2 shape: {shape}; {shape.Steps} profiled steps after 1 warm-up");

        using var step = new DpoStep(shape, a.Get("losses", Path.Combine(DpoBenchmark.RepoRoot(), "losses")), Device.CPU, autocast: null);
        step.Run();
        var gemmRate = OpsBenchmark.Gemm(5) * 1e9;

        OpProfiler.Start();
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < shape.Steps; i++) step.Run();
        wall.Stop();
        var profile = OpProfiler.Stop();

        var perStep = wall.Elapsed.TotalSeconds / shape.Steps;
        var rows = StepCategories.Classify(profile, wall.Elapsed);
        var gemmFlops = profile.Events.Where(e => e.Flops > 0).Sum(e => e.Flops) / shape.Steps;
        var floor = gemmFlops / gemmRate;

        Console.WriteLine();
        Console.WriteLine($"{"category",-44} {"s/step",8} {"share",7} {"GFLOP/step",11} {"GFLOP/s",8}");
        foreach (var row in rows)
        {
            var seconds = row.Time.TotalSeconds / shape.Steps;
            var flops = row.Flops / shape.Steps;
            var rate = flops > 0 ? $"{flops / seconds / 1e9,8:F1}" : "";
            var gflop = flops > 0 ? $"{flops / 1e9,11:F1}" : "";
            Console.WriteLine($"{(row.Indented ? "  " : "") + row.Name,-44} {seconds,8:F3} {seconds / perStep,7:P1} {gflop,11} {rate}");
        }
        Console.WriteLine($"{"step (wall)",-44} {perStep,8:F3} {1,7:P1}");
        Console.WriteLine();
        Console.WriteLine($"GEMM floor: {gemmFlops / 1e12:F3} TFLOP of matrix products per step at the 1024³ rate measured here " +
                          $"({gemmRate / 1e9:F1} GFLOP/s) = {floor:F2} s; the step runs at {floor / perStep:P1} of the floor " +
                          $"(goal >= 50%), {step.Rows * shape.Seq / perStep:F0} tokens/s, peak RSS {DpoBenchmark.ResidentMb("VmHWM"):F0} MB " +
                          "(the profiler's own bookkeeping included)");
        Console.WriteLine();
        Console.WriteLine("top events by self time (s/step):");
        foreach (var e in profile.Events.OrderByDescending(e => e.Self).Take(a.GetInt("top", 15)))
            Console.WriteLine($"  {e.Self.TotalSeconds / shape.Steps,8:F3}  {e.Calls / shape.Steps,6} calls  {e.Name}{(e.Scope == "" ? "" : $"  [{e.Scope}]")}");
        return 0;
    }
}
