using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Torch;

namespace Halos.Bench;

/// <summary>
/// Issue 14's GRPO benchmark: one online GRPO step on the peer's GPT-2 shape (6 layers, width 512, vocab 50257;
/// 4 prompts of 64 random tokens, 4 completions of each, up to 64 new tokens, temperature 1; β 0.04, ε 0.2), through
/// the real <c>halos train</c> and its rollout stage, rewarded by <c>rewards/even_tokens.csx</c> (the share of even
/// token ids, the peer's rule), against ../shared/bench/peer_grpo_step.py. Generation and the update are timed apart:
/// our generation time is the rollout stage's <c>generation/seconds</c>; our update time is the step's wall time (from
/// consecutive metric lines) less that. Peak RSS is each process's own (/usr/bin/time's %M, the peer's ru_maxrss).
/// The peer runs with libgomp's default spinning and with OMP_WAIT_POLICY=PASSIVE.
/// </summary>
internal static class GrpoBenchmark
{
    private const int Vocab = 50257, PromptLength = 64, CompletionLength = 64, Prompts = 4, Group = 4;

    public static int Run(string[] argv)
    {
        var a = new BenchArgs(argv);
        var root = DpoBenchmark.RepoRoot();
        var threads = a.GetInt("threads", Environment.ProcessorCount);
        if (a.Has("generation-breakdown")) return GenerationBreakdown(root, threads);
        var steps = a.GetInt("steps", 3);
        var halos = a.Get("halos", Path.Combine(root, "src", "Halos.Host", "bin", "Release", "net10.0", "halos.dll"));
        if (!File.Exists(halos))
        {
            Console.Error.WriteLine($"grpo: {halos} is missing; build it with 'dotnet build src/Halos.Host -c Release' or pass --halos PATH");
            return 2;
        }
        var peerScript = Path.Combine(a.Get("shared", Path.Combine(root, "..", "shared")), "bench", "peer_grpo_step.py");
        if (!File.Exists(peerScript))
        {
            Console.Error.WriteLine($"grpo: the peer {peerScript} is missing; pass --shared DIR (the folder holding bench/peer_grpo_step.py)");
            return 2;
        }
        var python = a.Get("peer", "/usr/bin/python3");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"libtorch {torch.version}, threads {threads}");
        Console.WriteLine($"GRPO step, GPT-2 shape 6x512, vocab {Vocab}: {Prompts} prompts x {Group} completions, prompt {PromptLength} + up to {CompletionLength} new tokens; median of {steps} steps after 1 warm-up");
        Console.WriteLine("ours: halos train (prompt-only data, rollout stage, rewards/even_tokens.csx, losses/grpo.csx with beta 0.04, AdamW) in a child process");

        var work = Directory.CreateTempSubdirectory("halos-grpo-bench-").FullName;
        try
        {
            Workspace(work, root);
            var ours = Ours(halos, work, threads, steps);
            if (a.Has("ours-only"))
            {
                Print("ours", ours);
                return 0;
            }
            string[] peerArgs = [peerScript, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture)];
            var peer = Peer(PeerProcess.RunJson(python, peerArgs));
            var passive = Peer(PeerProcess.RunJson(python, new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" }, peerArgs));

            Console.WriteLine();
            Console.WriteLine($"{"side",-34} {"gen s",8} {"gen tok/s",10} {"update s",9} {"upd tok/s",10} {"peak RSS MB",12}");
            Print("ours", ours);
            Print("peer (default OpenMP waiting)", peer);
            Print("peer (OMP_WAIT_POLICY=PASSIVE)", passive);
            Console.WriteLine($"(ours generated {ours.GeneratedTokens:F0} tokens per step on median; the peer always {Prompts * Group * CompletionLength})");
            Console.WriteLine();
            foreach (var (label, p) in new[] { ("peer default", peer), ("peer passive", passive) })
                Console.WriteLine($"vs {label,-13}: generated tokens/s ours/peer {ours.GenerationTokensPerSecond / p.GenerationTokensPerSecond:F3} (goal >= 2), " +
                                  $"update tokens/s {ours.UpdateTokensPerSecond / p.UpdateTokensPerSecond:F3} (goal >= 1.2), " +
                                  $"peak RSS {ours.PeakMb / p.PeakMb:F3} (goal <= 0.7)");
            return 0;
        }
        finally
        {
            if (a.Has("keep")) Console.WriteLine($"workspace kept: {work}");
            else Directory.Delete(work, recursive: true);
        }
    }

    /// <summary><c>grpo --generation-breakdown</c>: where decoding 16 rows x 64 tokens of the benchmark's model goes, by libtorch op.</summary>
    private static int GenerationBreakdown(string root, int threads)
    {
        torch.set_num_threads(threads);
        var work = Directory.CreateTempSubdirectory("halos-grpo-gen-").FullName;
        try
        {
            Workspace(work, root);
            using var model = (CausalLanguageModel)HfCheckpoint.Load(Path.Combine(work, "model"));
            model.eval();
            var random = new Random(1);
            // The rollout's layout: each prompt Group times in a row.
            var prompts = Enumerable.Range(0, Prompts).Select(_ => Enumerable.Range(0, PromptLength).Select(_ => random.Next(Vocab - 1)).ToArray())
                .SelectMany(prompt => Enumerable.Repeat(prompt, Group)).ToList();
            var options = new Halos.Abstractions.Generation.SamplingOptions { MaxNewTokens = CompletionLength, Temperature = 1, PadTokenId = Vocab - 1, Seed = 3 };
            Halos.Abstractions.Generation.BatchSampler.Generate(model, Device.CPU, prompts, options);
            var clock = Stopwatch.StartNew();
            Halos.Torch.Profiling.OpProfiler.Start();
            var generated = Halos.Abstractions.Generation.BatchSampler.Generate(model, Device.CPU, prompts, options).Sum(s => s.TokenIds.Length);
            var profile = Halos.Torch.Profiling.OpProfiler.Stop();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"generated {generated} tokens in {seconds:F3} s ({generated / seconds:F1} tokens/s); inside libtorch {profile.InsideLibtorch.TotalSeconds:F3} s");
            foreach (var e in profile.Events.OrderByDescending(e => e.Total).Take(40))
                Console.WriteLine($"  {e.Total.TotalSeconds,8:F3} s total {e.Self.TotalSeconds,8:F3} s self  {e.Calls,6} calls  {e.Name}  [{e.Scope}]");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record Side(double GenerationSeconds, double GenerationTokensPerSecond, double UpdateSeconds, double UpdateTokensPerSecond, double PeakMb, double GeneratedTokens);

    private static void Print(string label, Side s) =>
        Console.WriteLine($"{label,-34} {s.GenerationSeconds,8:F3} {s.GenerationTokensPerSecond,10:F1} {s.UpdateSeconds,9:F3} {s.UpdateTokensPerSecond,10:F1} {s.PeakMb,12:F0}");

    private static Side Peer(JsonElement r) => new(r.GetProperty("generation_s_median").GetDouble(), r.GetProperty("generated_tokens_per_second").GetDouble(),
        r.GetProperty("update_s_median").GetDouble(), r.GetProperty("update_tokens_per_second").GetDouble(), r.GetProperty("peak_rss_mb").GetDouble(),
        Prompts * Group * CompletionLength);

    /// <summary>The peer's model as a checkpoint folder, a word-level tokenizer over its 50257 ids ("t0" … "t50256"), random prompts, the reward script.</summary>
    private static void Workspace(string work, string root)
    {
        torch.manual_seed(0);
        var json = $$"""{"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"vocab_size":{{Vocab}},"n_positions":{{PromptLength + CompletionLength}},"n_embd":512,"n_layer":6,"n_head":8,"activation_function":"gelu_new","resid_pdrop":0,"embd_pdrop":0,"attn_pdrop":0,"bos_token_id":{{Vocab - 1}},"eos_token_id":{{Vocab - 1}}}""";
        using (var model = (TransformerModel)ArchitectureCatalog.Create(HfConfig.Parse(json, "bench")))
            HfCheckpoint.Save(model, Path.Combine(work, "model"));
        var vocab = string.Join(",", Enumerable.Range(0, Vocab).Select(i => $"\"t{i}\":{i}"));
        File.WriteAllText(Path.Combine(work, "model", "tokenizer.json"),
            """{"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":{"type":"WhitespaceSplit"},"post_processor":null,"decoder":{"type":"WordPiece","prefix":"##","cleanup":false},"model":{"type":"WordPiece","unk_token":"t0","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"""
            + vocab + "}}}");
        File.WriteAllText(Path.Combine(work, "model", "tokenizer_config.json"), $$"""{"eos_token":"t{{Vocab - 1}}","pad_token":"t{{Vocab - 1}}"}""");
        var random = new Random(0);
        File.WriteAllLines(Path.Combine(work, "prompts.jsonl"), Enumerable.Range(0, Prompts).Select(_ =>
            JsonSerializer.Serialize(new { prompt = string.Join(' ', Enumerable.Range(0, PromptLength).Select(_ => "t" + random.Next(Vocab - 1))) })));
        File.Copy(Path.Combine(root, "rewards", "even_tokens.csx"), Path.Combine(work, "even_tokens.csx"));
        File.Copy(Path.Combine(root, "losses", "grpo.csx"), Path.Combine(work, "grpo.csx"));
    }

    private static Side Ours(string halos, string work, int threads, int steps)
    {
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
        string[] arguments =
        [
            "-f", "peak_rss_kb=%M", "dotnet", halos, "train", "--quiet", "--root", work, "--Metrics:Sinks:0=jsonl", "--Metrics:LogEvery=1",
            "--Model:Plugin=transformers", "--Model:Checkpoint=model", "--Data:Loader=prompt-only", "--Data:Train=prompts.jsonl",
            $"--Data:MaxPromptLength={PromptLength}", "--Loss:Script=grpo.csx", "--Loss:Params:beta=0.04", "--Loss:Params:epsilon=0.2",
            "--Loss:Params:loss_type=bnpo", "--Rewards:Sources:0:Type=script", "--Rewards:Sources:0:Path=even_tokens.csx",
            $"--Generation:NumSamples={Group}", $"--Generation:MaxNewTokens={CompletionLength}", "--Generation:Temperature=1",
            $"--Generation:BatchSize={Prompts * Group}", $"--Training:BatchSize={Prompts}", $"--Training:MaxSteps={steps + 1}",
            $"--Data:MaxLength={PromptLength + CompletionLength}", "--Training:LearningRate=1e-6", "--Training:WeightDecay=0",
            "--Training:Schedule=constant", "--Training:LoopOptions:Precision=float32", "--Training:KeepCheckpoints=1", "--Training:OutputDir=run",
            "--Training:Trainer=auto",
        ];
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        psi.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start /usr/bin/time (apt install time)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"halos train exited {process.ExitCode}:\n{output.Result}\n{error}");
        var peakKb = double.Parse(error.Split('\n').Last(l => l.StartsWith("peak_rss_kb=", StringComparison.Ordinal))["peak_rss_kb=".Length..], CultureInfo.InvariantCulture);

        var lines = File.ReadAllLines(Path.Combine(work, "run", "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("phase").GetString() == "train").ToList();
        var times = lines.Select(e => e.GetProperty("time").GetDateTimeOffset()).ToList();
        // Step 1 warms up; step k's wall time runs from step k−1's metric line to its own.
        var measured = Enumerable.Range(1, lines.Count - 1).Select(k =>
        {
            var wall = (times[k] - times[k - 1]).TotalSeconds;
            var generation = lines[k].GetProperty("generation/seconds").GetDouble();
            var generated = lines[k].GetProperty("generation/tokens_per_second").GetDouble() * generation;
            return (Generation: generation, Update: wall - generation, Generated: generated);
        }).ToList();
        double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        var generationSeconds = Median(measured.Select(m => m.Generation));
        var updateSeconds = Median(measured.Select(m => m.Update));
        var generatedTokens = Median(measured.Select(m => m.Generated));
        // The update trains on prompt + completion rows, as the peer's: tokens per second over the full rows.
        var rowTokens = Prompts * Group * (PromptLength + generatedTokens / (Prompts * Group));
        return new Side(generationSeconds, Median(measured.Select(m => m.Generated / m.Generation)), updateSeconds, rowTokens / updateSeconds, peakKb / 1024, generatedTokens);
    }
}
