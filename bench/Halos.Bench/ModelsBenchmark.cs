using System.Diagnostics;
using Halos.Models.Architectures;
using Halos.Models.Configuration;
using Halos.Models.LogProbs;
using Halos.Torch;

namespace Halos.Bench;

/// <summary>
/// The transformer-model benchmarks of issue 6: forward+backward tokens/s of a GPT-2-shaped
/// model against PyTorch eager running the same architecture (bench/peers/gpt2_train_step.py),
/// and the peak memory of per-token log-probs at a 150k vocabulary, chunked against naive.
/// </summary>
internal static class ModelsBenchmark
{
    public static int Run(string[] argv)
    {
        var a = new BenchArgs(argv);
        if (a.Get("logprob-memory", "") is { Length: > 0 } mode) return LogProbMemoryChild(mode, a);

        var threads = a.GetInt("threads", Environment.ProcessorCount);
        var steps = a.GetInt("steps", 3);
        var (layers, width, heads, seq, batch, vocab) =
            (a.GetInt("layers", 6), a.GetInt("width", 512), a.GetInt("heads", 8), a.GetInt("seq", 256), a.GetInt("batch", 8), a.GetInt("vocab", 50257));
        var python = a.Get("peer", "/usr/bin/python3");
        torch.set_num_threads(threads);
        torch.manual_seed(0);

        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"libtorch {torch.version}, threads {threads}");
        Console.WriteLine($"GPT-2 shape: {layers} layers, width {width}, {heads} heads, seq {seq}, batch {batch}, vocab {vocab}; median of {steps} steps after 1 warm-up");

        var ours = TrainStep(layers, width, heads, seq, batch, vocab, steps);
        var peerArgs = new[]
        {
            Path.Combine(RepoRoot(), "bench", "peers", "gpt2_train_step.py"), "--threads", threads.ToString(), "--steps", steps.ToString(),
            "--layers", layers.ToString(), "--width", width.ToString(), "--heads", heads.ToString(), "--seq", seq.ToString(),
            "--batch", batch.ToString(), "--vocab", vocab.ToString(),
        };
        var peer = PeerProcess.RunJson(python, peerArgs);
        var peerPassive = PeerProcess.RunJson(python, new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" }, peerArgs);
        var tokens = (double)batch * seq;
        var peerTps = peer.GetProperty("tokens_per_s").GetDouble();
        var peerPassiveTps = peerPassive.GetProperty("tokens_per_s").GetDouble();
        Console.WriteLine($"peer: {peer.GetProperty("peer").GetString()}");
        Console.WriteLine();
        Console.WriteLine($"{"benchmark",-44} {"ours",10} {"peer",10} {"ratio",8}  goal");
        Console.WriteLine($"{"fwd+bwd tokens/s",-44} {tokens / ours,10:F0} {peerTps,10:F0} {tokens / ours / peerTps,8:F3}  ours/peer >= 1.0");
        Console.WriteLine($"{"fwd+bwd tokens/s, peer OMP_WAIT_POLICY=PASSIVE",-44} {tokens / ours,10:F0} {peerPassiveTps,10:F0} {tokens / ours / peerPassiveTps,8:F3}  ours/peer >= 1.0");

        Console.WriteLine();
        var logVocab = a.GetInt("logprob-vocab", 150_000);
        var logSeq = a.GetInt("logprob-seq", 1024);
        Console.WriteLine($"per-token log-probs, vocab {logVocab}, seq {logSeq}, hidden 512, batch 1, float32, no grad (the reference precompute), each in a fresh process:");
        var naive = RunChild("naive", logVocab, logSeq);
        var chunked = RunChild("chunked", logVocab, logSeq);
        Console.WriteLine($"{"mode",-10} {"peak MB above inputs",22} {"time ms",10}");
        Console.WriteLine($"{"naive",-10} {naive.peakMb,22:F0} {naive.ms,10:F0}");
        Console.WriteLine($"{"chunked",-10} {chunked.peakMb,22:F0} {chunked.ms,10:F0}");
        Console.WriteLine($"chunked/naive peak memory: {chunked.peakMb / naive.peakMb:F3}; max |difference| {Math.Max(naive.check, chunked.check):E1} vs each other: {Math.Abs(naive.sum - chunked.sum):E2} in the summed log-prob");
        return 0;
    }

    private static double TrainStep(int layers, int width, int heads, int seq, int batch, int vocab, int steps)
    {
        var json = $$"""{"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"vocab_size":{{vocab}},"n_positions":{{Math.Max(1024, seq)}},"n_embd":{{width}},"n_layer":{{layers}},"n_head":{{heads}},"activation_function":"gelu_new"}""";
        using var model = (CausalLanguageModel)ArchitectureCatalog.Create(HfConfig.Parse(json, "bench"));
        model.train();
        using var ids = torch.randint(0, vocab, [batch, seq]);
        using var targets = torch.randint(0, vocab, [batch * seq]);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var logits = model.forward(ids);
            var loss = F.cross_entropy(logits.view(-1, vocab), targets);
            loss.backward();
            model.zero_grad();
        }
        Step();
        return Timing.Median(Step, steps);
    }

    private static (double peakMb, double ms, double sum, double check) RunChild(string mode, int vocab, int seq)
    {
        var self = Environment.ProcessPath!;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") args.Add(typeof(ModelsBenchmark).Assembly.Location);
        args.AddRange(["models", "--logprob-memory", mode, "--logprob-vocab", vocab.ToString(), "--logprob-seq", seq.ToString()]);
        var r = PeerProcess.RunJson(self, args.ToArray());
        return (r.GetProperty("peak_mb").GetDouble(), r.GetProperty("ms").GetDouble(), r.GetProperty("sum").GetDouble(), 0);
    }

    /// <summary>One log-prob computation in this process; prints peak resident memory above the inputs.</summary>
    private static int LogProbMemoryChild(string mode, BenchArgs a)
    {
        var vocab = a.GetInt("logprob-vocab", 150_000);
        var seq = a.GetInt("logprob-seq", 1024);
        torch.manual_seed(0);
        using var noGrad = torch.no_grad();
        using var hidden = torch.randn(1, seq, 512);
        using var head = torch.randn(vocab, 512) * 0.02;
        using var labels = torch.randint(0, vocab, [1, seq]);
        var baseline = ResidentMb("VmRSS");
        var sw = Stopwatch.StartNew();
        using var scope = torch.NewDisposeScope();
        var perToken = mode == "naive"
            ? TokenLogProbs.FromLogits(F.linear(hidden, head), labels)
            : TokenLogProbs.FromHidden(hidden, head, labels);
        var sum = perToken.sum().item<float>();
        var ms = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine($$"""{"mode":"{{mode}}","peak_mb":{{ResidentMb("VmHWM") - baseline:F1}},"ms":{{ms:F1}},"sum":{{sum}}}""");
        return 0;
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
