using System.Diagnostics;
using Halos.Abstractions.Losses;
using Halos.Losses;
using Halos.Losses.Compilation;
using Halos.Torch;

namespace Halos.Bench;

/// <summary>
/// The loss-script benchmarks of the loss-scripts issue: cold compile and cached load of a .csx
/// (in this process and in a fresh one), and the per-call overhead of the compiled DPO script at
/// B = 64 against the same loss written directly in C#, with PyTorch eager as the outside peer.
/// </summary>
internal static class LossBenchmark
{
    public static int Run(string[] argv)
    {
        var a = new BenchArgs(argv);
        if (a.Get("cached-load-child", "") is { Length: > 0 } childScript) return CachedLoadChild(childScript, a.Get("cache", ""));
        var threads = a.GetInt("threads", Environment.ProcessorCount);
        var batch = a.GetInt("batch", 64);
        var iters = a.GetInt("iters", 200);
        var samples = a.GetInt("samples", 101);
        var python = a.Get("peer", "/usr/bin/python3");
        var losses = a.Get("losses", Path.Combine(RepoRoot(), "losses"));
        torch.set_num_threads(threads);

        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"libtorch {torch.version}, threads {threads}");
        var cache = Directory.CreateTempSubdirectory("halos-loss-bench-").FullName;
        try
        {
            var options = new LossScriptOptions { CacheDirectory = cache };
            var dpoPath = Path.Combine(losses, "dpo.csx");

            var clock = Stopwatch.StartNew();
            var dpo = LossScript.Load(dpoPath, options: options);
            var cold = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            LossScript.Load(Path.Combine(losses, "kto.csx"), options: options);
            var warm = clock.Elapsed.TotalMilliseconds;

            // Cached: the image on disk, nothing loaded (ForgetLoaded), as a new process finds it.
            var inProcess = Timing.Median(() =>
            {
                CompiledScriptCache.ForgetLoaded();
                LossScript.Load(dpoPath, options: options);
                if (CompiledScriptCache.LastOutcome != CacheOutcome.Disk) throw new InvalidOperationException("expected a disk-cache hit");
            }, 21) * 1e3;
            var freshProcess = FreshProcessLoads(dpoPath, cache, 5);

            var (script, direct, scriptP10, directP10) = Overhead(dpo, batch, iters, samples, backward: false);
            var (scriptBack, directBack, scriptBackP10, directBackP10) = Overhead(dpo, batch, iters, samples, backward: true);

            var peerScript = Path.Combine(RepoRoot(), "bench", "losses", "peer_dpo_loss.py");
            var peerArgs = new[] { peerScript, "--batch", batch.ToString(), "--iters", iters.ToString(), "--samples", samples.ToString(), "--threads", threads.ToString() };
            var peer = PeerProcess.RunJson(python, new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" }, peerArgs);
            var peerFwd = peer.GetProperty("dpo_forward_us").GetDouble();
            var peerBack = peer.GetProperty("dpo_forward_backward_us").GetDouble();

            Console.WriteLine($"peer: {peer.GetProperty("peer").GetString()} (OMP_WAIT_POLICY=PASSIVE, as Halos.Torch sets for itself)");
            Console.WriteLine();
            Console.WriteLine($"{"benchmark",-44} {"ours",10} {"peer",10} {"ratio",8}  goal");
            Console.WriteLine($"{"cold compile dpo.csx, first in process (ms)",-44} {cold,10:F0} {"",10} {"",8}");
            Console.WriteLine($"{"compile kto.csx, Roslyn warm (ms)",-44} {warm,10:F0} {"",10} {"",8}");
            Console.WriteLine($"{"cached load, in process (ms)",-44} {inProcess,10:F2} {"",10} {"",8}  < 50");
            Console.WriteLine($"{"cached load, fresh host process (ms)",-44} {freshProcess,10:F2} {"",10} {"",8}  < 50");
            Console.WriteLine($"{$"dpo B={batch} forward: script vs C#, median (us)",-44} {script,10:F2} {direct,10:F2} {script / direct,8:F3}  ours/C# <= 1.05");
            Console.WriteLine($"{$"dpo B={batch} forward: script vs C#, p10 (us)",-44} {scriptP10,10:F2} {directP10,10:F2} {scriptP10 / directP10,8:F3}  ours/C# <= 1.05");
            Console.WriteLine($"{$"dpo B={batch} fwd+bwd: script vs C#, median (us)",-44} {scriptBack,10:F2} {directBack,10:F2} {scriptBack / directBack,8:F3}  ours/C# <= 1.05");
            Console.WriteLine($"{$"dpo B={batch} fwd+bwd: script vs C#, p10 (us)",-44} {scriptBackP10,10:F2} {directBackP10,10:F2} {scriptBackP10 / directBackP10,8:F3}  ours/C# <= 1.05");
            Console.WriteLine($"{$"dpo B={batch} forward: script vs PyTorch (us)",-44} {script,10:F2} {peerFwd,10:F2} {script / peerFwd,8:F3}");
            Console.WriteLine($"{$"dpo B={batch} fwd+bwd: script vs PyTorch (us)",-44} {scriptBack,10:F2} {peerBack,10:F2} {scriptBack / peerBack,8:F3}");
            return 0;
        }
        finally
        {
            try { Directory.Delete(cache, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Microseconds per call of the script and of <see cref="DirectDpo"/>: the median and the 10th
    /// percentile of alternating runs. On a shared machine the median carries the neighbours' load;
    /// the 10th percentile is the least-disturbed estimate of each side.
    /// </summary>
    private static (double Script, double Direct, double ScriptP10, double DirectP10) Overhead(LossScript dpo, int batch, int iters, int samples, bool backward)
    {
        torch.manual_seed(0);
        var inputs = new LossInputs
        {
            PolicyChosen = (-(torch.rand(batch) * 50 + 1)).requires_grad_(),
            PolicyRejected = (-(torch.rand(batch) * 50 + 1)).requires_grad_(),
            ReferenceChosen = -(torch.rand(batch) * 50 + 1),
            ReferenceRejected = -(torch.rand(batch) * 50 + 1),
        };
        var beta = (double)dpo.Values["beta"];
        var eps = (double)dpo.Values["label_smoothing"];
        void ViaScript()
        {
            using var scope = torch.NewDisposeScope();
            var r = dpo.Compute(inputs);
            if (backward) r.Losses.mean().backward();
        }
        void ViaCSharp()
        {
            using var scope = torch.NewDisposeScope();
            var r = DirectDpo(inputs, beta, eps);
            if (backward) r.Losses.mean().backward();
        }
        // Same numbers, or the comparison means nothing.
        using (var check = torch.NewDisposeScope())
        {
            var diff = (dpo.Compute(inputs).Losses - DirectDpo(inputs, beta, eps).Losses).abs().max().item<float>();
            if (diff != 0) throw new InvalidOperationException($"script and C# DPO differ by {diff}");
        }
        for (var i = 0; i < 500; i++) { ViaScript(); ViaCSharp(); }
        // Short alternating runs (ABBA order), so a neighbour's load on a shared machine lands on
        // both sides; each side's figure is its median run.
        var s = new double[samples];
        var d = new double[samples];
        double Time(Action f)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iters; i++) f();
            return clock.Elapsed.TotalSeconds / iters * 1e6;
        }
        for (var k = 0; k < samples; k++)
        {
            if (k % 2 == 0) { s[k] = Time(ViaScript); d[k] = Time(ViaCSharp); }
            else { d[k] = Time(ViaCSharp); s[k] = Time(ViaScript); }
        }
        Array.Sort(s);
        Array.Sort(d);
        return (s[samples / 2], d[samples / 2], s[samples / 10], d[samples / 10]);
    }

    /// <summary>losses/dpo.csx, written directly in C# (what a loss would cost with no script).</summary>
    private static LossResult DirectDpo(LossInputs x, double beta, double eps)
    {
        using var scope = torch.NewDisposeScope();
        var chosen = x.PolicyChosen! - x.ReferenceChosen!;
        var rejected = x.PolicyRejected! - x.ReferenceRejected!;
        var z = beta * (chosen - rejected);
        var losses = -(1 - eps) * F.logsigmoid(z) - eps * F.logsigmoid(-z);
        var chosenRewards = beta * chosen.detach();
        var rejectedRewards = beta * rejected.detach();
        scope.MoveToOuter(losses, chosenRewards, rejectedRewards);
        return new LossResult(losses, chosenRewards, rejectedRewards);
    }

    /// <summary>Median over fresh processes of the time one cached load takes, measured inside the child.</summary>
    private static double FreshProcessLoads(string script, string cache, int runs)
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") args.Add(typeof(LossBenchmark).Assembly.Location);
        args.AddRange(["losses", "--cached-load-child", script, "--cache", cache]);
        var times = Enumerable.Range(0, runs).Select(_ => PeerProcess.RunJson(exe, args.ToArray()).GetProperty("cached_load_ms").GetDouble()).ToArray();
        Array.Sort(times);
        return times[runs / 2];
    }

    private static int CachedLoadChild(string script, string cache)
    {
        // What any host has done before it loads a loss: read a config file and write to the console.
        // Those first-use costs of the runtime (file I/O, encodings, console) are not the loss's.
        _ = File.ReadAllText(Path.ChangeExtension(typeof(LossBenchmark).Assembly.Location, ".deps.json"));
        Console.Out.Flush();
        var clock = Stopwatch.StartNew();
        LossScript.Load(script, options: new LossScriptOptions { CacheDirectory = cache });
        var ms = clock.Elapsed.TotalMilliseconds;
        if (CompiledScriptCache.LastOutcome != CacheOutcome.Disk) throw new InvalidOperationException("the child did not hit the disk cache");
        Console.WriteLine($"{{\"cached_load_ms\": {ms.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");
        return 0;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
