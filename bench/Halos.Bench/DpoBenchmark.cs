using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Losses;
using Halos.Models.Architectures;
using Halos.Models.Configuration;
using Halos.Torch;
using Halos.Torch.Optim;
using Halos.Trainers.Trainers;

namespace Halos.Bench;

/// <summary>
/// Issue 8's DPO benchmark: one DPO training step on a GPT-2-shaped model (policy forward and backward over chosen
/// and rejected concatenated, reference forward with no grad, losses/dpo.csx, AdamW) through the paired trainer
/// plugin and the compiled loss script, against /work/shared/bench/peer_dpo_step.py. Each side runs in its own
/// process so that its peak resident memory (VmHWM / ru_maxrss) is its own; the peer runs twice, with libgomp's
/// default spinning and with OMP_WAIT_POLICY=PASSIVE (what Halos.Torch sets for itself).
/// </summary>
internal static class DpoBenchmark
{
    public static int Run(string[] argv)
    {
        var a = new BenchArgs(argv);
        if (a.Get("child", "") == "ours") return OursChild(a);

        var threads = a.GetInt("threads", Environment.ProcessorCount);
        var shape = Shape.From(a);
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
            Console.WriteLine($"vs {label,-13}: tokens/s ours/peer {ours.TokensPerSecond / p.TokensPerSecond:F3} (goal >= 1.2), " +
                              $"peak RSS ours/peer {ours.PeakMb / p.PeakMb:F3} (goal <= 0.6)");
        return 0;
    }

    private sealed record Side(string Name, double StepSeconds, double TokensPerSecond, double PeakMb, double Loss);

    private static void Print(string label, Side s) =>
        Console.WriteLine($"{label,-36} {s.StepSeconds,8:F3} {s.TokensPerSecond,10:F0} {s.PeakMb,12:F0} {s.Loss,10:F5}");

    private static Side RunSide((string File, string[] Arguments) command, IReadOnlyDictionary<string, string>? environment)
    {
        var r = PeerProcess.RunJson(command.File, environment, command.Arguments);
        return new Side(r.GetProperty("peer").GetString()!, r.GetProperty("step_s_median").GetDouble(),
            r.GetProperty("tokens_per_second").GetDouble(), r.GetProperty("peak_rss_mb").GetDouble(),
            r.TryGetProperty("loss", out var loss) ? loss.GetDouble() : double.NaN);
    }

    private static (string File, string[] Arguments) Self(string[] arguments)
    {
        var self = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? (self, [typeof(DpoBenchmark).Assembly.Location, .. arguments])
            : (self, arguments);
    }

    /// <summary>The model and batch shape, as the peer's options name them.</summary>
    private sealed record Shape(int Layers, int Width, int Heads, int Seq, int Batch, int Vocab, int Steps)
    {
        public static Shape From(BenchArgs a) => new(a.GetInt("layers", 6), a.GetInt("width", 512), a.GetInt("heads", 8),
            a.GetInt("seq", 256), a.GetInt("batch", 8), a.GetInt("vocab", 50257), a.GetInt("steps", 5));

        public string[] Arguments =>
        [
            "--layers", Layers.ToString(), "--width", Width.ToString(), "--heads", Heads.ToString(), "--seq", Seq.ToString(),
            "--batch", Batch.ToString(), "--vocab", Vocab.ToString(), "--steps", Steps.ToString(),
        ];

        public override string ToString() =>
            $"{Layers} layers, width {Width}, {Heads} heads, seq {Seq}, batch {Batch} pairs, vocab {Vocab}";
    }

    /// <summary>Our side, in this process: prints one JSON line in the peer's format.</summary>
    private static int OursChild(BenchArgs a)
    {
        var shape = Shape.From(a);
        torch.set_num_threads(a.GetInt("threads", Environment.ProcessorCount));
        torch.manual_seed(0);
        // GPT-2 with dropout off and a tied head: the peer's model.
        var json = $$$"""{"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"vocab_size":{{{shape.Vocab}}},"n_positions":{{{shape.Seq}}},"n_embd":{{{shape.Width}}},"n_layer":{{{shape.Layers}}},"n_head":{{{shape.Heads}}},"activation_function":"gelu_new","resid_pdrop":0,"embd_pdrop":0,"attn_pdrop":0}""";
        using var policy = (CausalLanguageModel)ArchitectureCatalog.Create(HfConfig.Parse(json, "bench"));
        using var reference = (CausalLanguageModel)ArchitectureCatalog.Create(HfConfig.Parse(json, "bench"));
        reference.load_state_dict(policy.state_dict());
        reference.eval();
        foreach (var p in reference.parameters()) p.requires_grad_(false);
        policy.train();
        var loss = LossScript.Load(Path.Combine(a.Get("losses", "losses"), "dpo.csx"));
        var trainer = new PairedPreferenceTrainer();
        var modules = new TrainingModules(policy, reference, null, Tokenizer: null!, Device.CPU);
        using var optimizer = new AdamW(policy.parameters(), lr: 1e-6, weight_decay: 0);

        var rows = 2 * shape.Batch;
        using var batch = RandomPairs(shape, rows);
        double lastLoss = 0;
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var inputs = trainer.ComputeLossInputs(batch, modules, loss);
            var value = loss.Compute(inputs).Loss();
            optimizer.zero_grad();
            value.backward();
            optimizer.step();
            lastLoss = value.item<float>();
        }
        Step();
        var median = Timing.Median(Step, shape.Steps);
        var parameters = policy.parameters().Sum(p => p.numel());
        Console.WriteLine($$"""{"peer":"halos (paired trainer, chunked head, dpo.csx)","params":{{parameters}},"step_s_median":{{median:F4}},"tokens_per_second":{{rows * shape.Seq / median:F1}},"peak_rss_mb":{{ResidentMb("VmHWM"):F1}},"loss":{{lastLoss}}}""");
        return 0;
    }

    /// <summary>The peer's batch: random tokens, chosen rows then rejected rows, no padding, the first quarter prompt.</summary>
    private static Batch RandomPairs(Shape shape, int rows)
    {
        var ids = torch.randint(0, shape.Vocab, [rows, shape.Seq]);
        var attention = torch.ones([rows, shape.Seq], ScalarType.Int64);
        var lossMask = torch.ones([rows, shape.Seq], ScalarType.Int64);
        using (torch.no_grad()) lossMask.narrow(1, 0, shape.Seq / 4).zero_();
        var examples = Enumerable.Range(0, shape.Batch)
            .Select(i => (Example)new PairedExample($"pair-{i}", Prompt.FromText(""), "", "")).ToList();
        return new Batch(DataKind.Paired, examples,
            new Dictionary<string, Tensor> { ["input_ids"] = ids, ["attention_mask"] = attention, ["loss_mask"] = lossMask });
    }

    private static double ResidentMb(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":"));
        return double.Parse(line.Split(':')[1].Trim().Split(' ')[0]) / 1024;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (the folder holding Halos.Plugins.sln)");
    }
}
