using Halos.Torch;
using Halos.Torch.NN;
using Halos.Torch.Optim;

namespace Halos.Bench;

/// <summary>
/// The tensor-engine benchmarks of the Halos.Torch issue, against PyTorch eager (shared/bench/peer_ops.py)
/// and, for per-op overhead, a C++ program calling libtorch directly (native/bench/op_overhead_floor.cpp).
/// </summary>
internal static class OpsBenchmark
{
    public static int Run(string[] argv)
    {
        var a = new BenchArgs(argv);
        var threads = a.GetInt("threads", Environment.ProcessorCount);
        var steps = a.GetInt("steps", 20);
        var python = a.Get("peer", "/usr/bin/python3");
        var shared = a.Get("shared", Path.Combine(RepoRoot(), "..", "shared"));
        var floorExe = a.Get("floor", NewestFloorProgram());
        torch.set_num_threads(threads);
        torch.manual_seed(0);

        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"libtorch {torch.version}, threads {threads}");

        var gemm = Gemm(steps);
        var add = AddOverhead(inScope: true);
        var addBare = AddOverhead(inScope: false);
        var mlp = MlpStep(steps);

        var peerScript = Path.Combine(shared, "bench", "peer_ops.py");
        var peerArgs = new[] { peerScript, "--threads", threads.ToString(), "--steps", steps.ToString() };
        var peer = PeerProcess.RunJson(python, peerArgs);
        // The same peer with the OpenMP setting Halos.Torch applies to itself (see ThreadingDefaults),
        // so the comparison is of the engines, not of one environment variable.
        var passive = new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" };
        var peerTuned = PeerProcess.RunJson(python, passive, peerArgs);
        var floor = PeerProcess.RunJson(floorExe, passive, threads.ToString());

        var peerGemm = peer.GetProperty("gemm1024_gflops").GetDouble();
        var peerAdd = peer.GetProperty("add8_us_per_op").GetDouble();
        var peerMlp = peer.GetProperty("mlp4x1024_b64_step_ms").GetDouble();
        var floorAdd = floor.GetProperty("add8_us_per_op").GetDouble();
        var floorAddMin = floor.GetProperty("add8_us_per_op_min").GetDouble();
        var tunedGemm = peerTuned.GetProperty("gemm1024_gflops").GetDouble();
        var tunedAdd = peerTuned.GetProperty("add8_us_per_op").GetDouble();
        var tunedMlp = peerTuned.GetProperty("mlp4x1024_b64_step_ms").GetDouble();

        Console.WriteLine($"peer: {peer.GetProperty("peer").GetString()}");
        Console.WriteLine();
        Console.WriteLine($"{"benchmark",-34} {"ours",10} {"peer",10} {"ratio",8}  goal");
        Console.WriteLine($"{"gemm 1024^3 f32 (GFLOP/s)",-34} {gemm,10:F1} {peerGemm,10:F1} {gemm / peerGemm,8:F3}  ours/peer >= 0.95");
        Console.WriteLine($"{"add8 in scope, median (us/op) vs C++",-34} {add.median,10:F3} {floorAdd,10:F3} {add.median / floorAdd,8:F3}  ours/floor <= 1.2");
        Console.WriteLine($"{"add8 in scope, min (us/op) vs C++",-34} {add.min,10:F3} {floorAddMin,10:F3} {add.min / floorAddMin,8:F3}  ours/floor <= 1.2");
        Console.WriteLine($"{"add8 no scope, min (us/op) vs C++",-34} {addBare.min,10:F3} {floorAddMin,10:F3} {addBare.min / floorAddMin,8:F3}  (SafeHandle per result)");
        Console.WriteLine($"{"add8 in scope (us/op) vs py",-34} {add.median,10:F3} {peerAdd,10:F3} {peerAdd / add.median,8:F3}  peer/ours >= 1.3");
        Console.WriteLine($"{"mlp 4x1024 b64 step (ms)",-34} {mlp,10:F2} {peerMlp,10:F2} {mlp / peerMlp,8:F3}  ours/peer <= 1.0");
        Console.WriteLine();
        Console.WriteLine("peer again with OMP_WAIT_POLICY=PASSIVE (what Halos.Torch sets for itself):");
        Console.WriteLine($"{"gemm 1024^3 f32 (GFLOP/s)",-34} {gemm,10:F1} {tunedGemm,10:F1} {gemm / tunedGemm,8:F3}  ours/peer >= 0.95");
        Console.WriteLine($"{"add8 in scope (us/op) vs py",-34} {add.median,10:F3} {tunedAdd,10:F3} {tunedAdd / add.median,8:F3}  peer/ours >= 1.3");
        Console.WriteLine($"{"mlp 4x1024 b64 step (ms)",-34} {mlp,10:F2} {tunedMlp,10:F2} {mlp / tunedMlp,8:F3}  ours/peer <= 1.0");
        return 0;
    }

    /// <summary>The 1024³ float32 matrix product rate, GFLOP/s: the GEMM floor's yardstick in the DPO breakdown too.</summary>
    internal static double Gemm(int steps)
    {
        using var x = torch.randn(1024, 1024);
        using var y = torch.randn(1024, 1024);
        for (var i = 0; i < 3; i++) x.matmul(y).Dispose();
        var s = Timing.Median(() => x.matmul(y).Dispose(), steps);
        return 2.0 * 1024 * 1024 * 1024 / s / 1e9;
    }

    /// <summary>µs per 8-element add over 100,000 adds: (median, minimum) of 9 runs.</summary>
    private static (double median, double min) AddOverhead(bool inScope)
    {
        using var u = torch.randn(8);
        using var v = torch.randn(8);
        const int n = 100_000;
        void Adds()
        {
            // A training step runs inside a dispose scope; outside one, each result owns a SafeHandle.
            using var scope = inScope ? torch.NewDisposeScope() : null;
            for (var i = 0; i < n; i++)
            {
                using var c = u + v;
            }
        }
        Adds();
        Adds();
        var runs = Enumerable.Range(0, 9).Select(_ => Timing.Median(Adds, 1) / n * 1e6).Order().ToArray();
        return (runs[runs.Length / 2], runs[0]);
    }

    private static double MlpStep(int steps)
    {
        var layers = new List<Module<Tensor, Tensor>>();
        for (var i = 0; i < 4; i++)
        {
            layers.Add(new Linear(1024, 1024));
            layers.Add(new ReLU());
        }
        using var mlp = new Sequential(layers.ToArray());
        using var opt = new AdamW(mlp.parameters(), lr: 1e-3);
        using var input = torch.randn(64, 1024);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var loss = mlp.forward(input).pow(2L).mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        for (var i = 0; i < 3; i++) Step();
        return Timing.Median(Step, steps) * 1e3;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>
    /// The C++ floor program of the newest native build: native/build/, or native/build-HASH/ when LIBTORCH_DIR picked
    /// another libtorch (src/Halos.Torch/Halos.Torch.csproj), so the floor is measured against the libtorch in use.
    /// </summary>
    private static string NewestFloorProgram()
    {
        var native = Path.Combine(RepoRoot(), "native");
        var built = Directory.Exists(native)
            ? Directory.EnumerateDirectories(native, "build*").Select(d => Path.Combine(d, "op_overhead_floor")).Where(File.Exists)
                .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return built ?? Path.Combine(native, "build", "op_overhead_floor");
    }
}
