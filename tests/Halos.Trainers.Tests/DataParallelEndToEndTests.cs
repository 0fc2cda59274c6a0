using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Halos.Abstractions.Models;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Plugin;
using Halos.Torch;
using Halos.Torch.Distributed;
using Halos.Torch.SafeTensors;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>
/// Data-parallel <c>halos train</c> through the real processes: two ranks on 127.0.0.1 over Gloo, started by
/// <c>halos launch</c> (or by hand, as torchrun would), against one process with the same global batch. The final
/// weights must agree to 1e-5, which holds only if parameters start equal, each rank trains its own shard, gradients
/// are averaged with the right scaling (uneven shards included), and, for KTO, z0 is taken over both ranks' KL pairs.
/// </summary>
[Collection(DataParallelCollection.Name)]
public sealed class DataParallelEndToEndTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // 39 rows in global microbatches of 4: nine full ones, then 3 rows, which two ranks split 2 + 1.
    private const int Rows = 39;

    private static void SkipUnlessRunnable()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        Skip.IfNot(CollectiveBackends.IsAvailable, "libhalos_torch was built without Gloo (install libgloo-dev)");
    }

    /// <summary>
    /// A tiny Llama (2 layers, width 32, the byte tokenizer), which has no dropout and no attention biases. GPT-2's key
    /// bias has an exactly-zero gradient in theory (softmax ignores a constant per query), so in practice its gradient
    /// is rounding noise, which AdamW's first steps turn into ±learning-rate updates: no weight comparison survives it.
    /// </summary>
    private void Workspace(string loss, Action<string> writeData)
    {
        Directory.CreateDirectory(_folder.Combine("losses"));
        File.Copy(Path.Combine(TrainerRun.RepoRoot, "losses", loss + ".csx"), _folder.Combine("losses", loss + ".csx"));
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Config:vocab_size"] = CharTokenizerFiles.VocabSize.ToString(CultureInfo.InvariantCulture),
            ["Config:hidden_size"] = "32", ["Config:intermediate_size"] = "64", ["Config:num_hidden_layers"] = "2",
            ["Config:num_attention_heads"] = "4", ["Config:num_key_value_heads"] = "2", ["Config:max_position_embeddings"] = "64",
            ["Config:eos_token_id"] = CharTokenizerFiles.EndOfText.ToString(CultureInfo.InvariantCulture),
            ["Config:pad_token_id"] = CharTokenizerFiles.EndOfText.ToString(CultureInfo.InvariantCulture),
        }).Build();
        torch.manual_seed(11);
        var folder = _folder.Combine("tiny");
        using (var model = (TransformerModel)new TransformersModelBuilder().Build(new ModelSpec("llama", null, ScalarType.Float32, Device.CPU, options), ModelRole.Policy))
            HfCheckpoint.Save(model, folder);
        CharTokenizerFiles.Write(folder);
        writeData(_folder.Combine("train.jsonl"));
    }

    private static void WritePairs(string path)
    {
        using var writer = new StreamWriter(path);
        const string letters = "abcdefgh";
        for (var i = 0; i < Rows; i++)
        {
            var a = letters[i % 8];
            var b = letters[(i + 1 + i / 8 % 7) % 8];
            writer.WriteLine(JsonSerializer.Serialize(new { prompt = $"{a}=", chosen = new string(a, 3), rejected = new string(b, 3) }));
        }
    }

    private static void WriteUnpaired(string path)
    {
        using var writer = new StreamWriter(path);
        const string letters = "abcdefgh";
        for (var i = 0; i < Rows; i++)
        {
            var a = letters[i % 8];
            var b = letters[(i + 1 + i / 8 % 7) % 8];
            // Labels in an irregular pattern, so some microbatch shards hold one class only.
            var desirable = i % 3 != 1;
            writer.WriteLine(JsonSerializer.Serialize(new { prompt = $"{a}=", completion = desirable ? new string(a, 3) : new string(b, 2), label = desirable }));
        }
    }

    private static string[] Train(string loss, string loader, int batchSize, string output, int accumulation = 1, int steps = 10) =>
    [
        "train", "--quiet", "--Metrics:Sinks:0=jsonl", "--Training:Trainer=auto", "--Model:Plugin=transformers", "--Model:Checkpoint=tiny",
        $"--Data:Loader={loader}", "--Data:Train=train.jsonl", $"--Loss:Script={loss}", "--Loss:Params:beta=0.5",
        $"--Training:BatchSize={batchSize}", $"--Training:GradientAccumulationSteps={accumulation}", "--Training:Schedule=constant",
        $"--Training:MaxSteps={steps}", "--Data:MaxLength=32", "--Training:LearningRate=0.002", "--Training:LoopOptions:Precision=float32",
        $"--Training:OutputDir={output}", "--Metrics:LogEvery=5", "--Training:LoopOptions:DistributedTimeoutSeconds=60",
        // Summing a gradient over 2 + 2 rows instead of 4 changes it by rounding (~1e-7 relative, the logged losses and
        // grad norms agree to that). A gradient that is near zero in exact arithmetic (the output rows of tokens in
        // no sequence, pulled equally by chosen and rejected) is then mostly noise, and at ε = 1e-8 AdamW turns
        // it into an update of a sizeable fraction of the learning rate. ε = 1e-6 keeps such noise below 1e-7.
        "--Training:AdamEpsilon=1e-6",
    ];

    private (int Code, string Output, string Error) Launch(int ranks, string[] command, int timeoutSeconds = 240) =>
        HalosProcess.Run(_folder.Path, ["launch", "--nproc", ranks.ToString(CultureInfo.InvariantCulture), "--", .. command, "--root", _folder.Path], timeoutSeconds);

    private (int Code, string Output, string Error) Single(string[] command) =>
        HalosProcess.Run(_folder.Path, [.. command, "--root", _folder.Path], 240);

    private static void Succeeded((int Code, string Output, string Error) run, string what) =>
        Assert.True(run.Code == 0, $"{what}: exit {run.Code}\n{run.Error}\n{run.Output}");

    private Dictionary<string, float[]> Weights(params string[] path)
    {
        using var scope = torch.NewDisposeScope();
        using var file = SafeTensorsFile.Open(_folder.Combine([.. path, "model.safetensors"]));
        return file.LoadAll().ToDictionary(t => t.Key, t => t.Value.to(ScalarType.Float32).data<float>());
    }

    private static double MaxDifference(Dictionary<string, float[]> a, Dictionary<string, float[]> b)
    {
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        return a.Keys.Max(k => a[k].Zip(b[k], (x, y) => Math.Abs((double)x - y)).Max());
    }

    private double MovedFromStart(string run) => MaxDifference(Weights("tiny"), Weights(run, "final"));

    [SkippableFact]
    public void Dpo_on_two_ranks_matches_one_process_with_the_same_global_batch()
    {
        SkipUnlessRunnable();
        Workspace("dpo", WritePairs);
        Succeeded(Single(Train("dpo", "trl-preference", 4, "single")), "one process");
        // 4 KiB gradient buckets: the tiny model's gradients span many allreduces, each started during backward.
        var launched = Launch(2, [.. Train("dpo", "trl-preference", 2, "ranks"), "--Training:LoopOptions:GradientBucketMegabytes=0.004"]);
        Succeeded(launched, "two ranks");

        var difference = MaxDifference(Weights("single", "final"), Weights("ranks", "final"));
        Console.WriteLine($"DPO, 10 steps: one process vs two ranks differ by at most {difference:E2}");
        Assert.True(difference <= 1e-5, $"weights differ by {difference:E2} after 10 DPO steps");
        Assert.True(MovedFromStart("ranks") > 1e-3, "training did not move the weights, so the comparison proves nothing");

        // Rank 0 alone wrote the run: metrics once, checkpoints with world_size 2 and the global data position.
        var state = JsonDocument.Parse(File.ReadAllText(_folder.Combine("ranks", "checkpoint-10", "trainer_state.json"))).RootElement;
        Assert.Equal(2, state.GetProperty("world_size").GetInt32());
        Assert.Equal(4, state.GetProperty("data_position").GetProperty("batch_size").GetInt32());
        var logged = File.ReadAllLines(_folder.Combine("ranks", "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("phase").GetString() == "train").ToList();
        Assert.Equal([5L, 10L], logged.Select(e => e.GetProperty("step").GetInt64()));
        // examples_per_second counts both ranks' examples: 5 steps of 4 rows, then 4 full steps and the short one of 3.
        Assert.True(logged.All(e => e.GetProperty("examples_per_second").GetDouble() > 0));
    }

    [SkippableFact]
    public void Kto_on_two_ranks_matches_one_process_so_z0_spans_both_ranks()
    {
        SkipUnlessRunnable();
        Workspace("kto", WriteUnpaired);
        // Accumulation too: the global batch is 2 per rank x 2 ranks x 2 microbatches = 4 x 2 in one process.
        Succeeded(Single(Train("kto", "trl-unpaired", 4, "single", accumulation: 2, steps: 8)), "one process");
        Succeeded(Launch(2, Train("kto", "trl-unpaired", 2, "ranks", accumulation: 2, steps: 8)), "two ranks");

        var difference = MaxDifference(Weights("single", "final"), Weights("ranks", "final"));
        Console.WriteLine($"KTO, 8 steps: one process vs two ranks differ by at most {difference:E2}");
        Assert.True(difference <= 1e-5, $"weights differ by {difference:E2} after 8 KTO steps");
        Assert.True(MovedFromStart("ranks") > 1e-3, "training did not move the weights, so the comparison proves nothing");

        // The logged KL estimate (z0) of each interval is the same number in both runs.
        double[] Kl(string run) => File.ReadAllLines(_folder.Combine(run, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("phase").GetString() == "train")
            .Select(e => e.GetProperty("kl").GetDouble()).ToArray();
        var (one, two) = (Kl("single"), Kl("ranks"));
        Assert.Equal(one.Length, two.Length);
        for (var i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i], 5);
        Assert.Contains(one, k => k > 1e-4); // z0 must be non-trivial for the check to mean anything
    }

    [SkippableFact]
    public void A_two_rank_run_resumed_from_its_checkpoint_ends_identical()
    {
        SkipUnlessRunnable();
        Workspace("dpo", WritePairs);
        string[] command = [.. Train("dpo", "trl-preference", 2, "ranks"), "--Training:CheckpointEvery=5"];
        Succeeded(Launch(2, command), "two ranks, straight");
        var straight = Weights("ranks", "final");

        // Back to step 5, as if the run had stopped there, and continue.
        Directory.Delete(_folder.Combine("ranks", "checkpoint-10"), recursive: true);
        Directory.Delete(_folder.Combine("ranks", "final"), recursive: true);
        Succeeded(Launch(2, [.. command, "--resume"]), "two ranks, resumed");
        Assert.Equal(0.0, MaxDifference(straight, Weights("ranks", "final")));

        // A different number of ranks cannot continue the same data order, and says so.
        Directory.Delete(_folder.Combine("ranks", "checkpoint-10"), recursive: true);
        var refused = Single([.. Train("dpo", "trl-preference", 4, "ranks"), "--resume"]);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("trained by 2 rank(s), this run has 1", refused.Error + refused.Output);
    }

    [SkippableFact]
    public void Killing_a_rank_mid_run_stops_the_other_naming_it()
    {
        SkipUnlessRunnable();
        Workspace("dpo", WritePairs);
        var port = FreePort();
        var ranks = Enumerable.Range(0, 2).Select(rank => StartRank(rank, port,
            [.. Train("dpo", "trl-preference", 2, "ranks", steps: 100_000), "--Training:CheckpointEvery=1", "--Training:LoopOptions:DistributedTimeoutSeconds=30"])).ToArray();
        try
        {
            // Mid-run: once the ranks have finished a couple of steps together. Checkpoints are pruned to the last 3
            // at every step, so any checkpoint of step 2 or later counts (checkpoint-2 itself may live milliseconds).
            bool PastStepTwo() => Directory.Exists(_folder.Combine("ranks")) && Directory.EnumerateDirectories(_folder.Combine("ranks"), "checkpoint-*")
                .Any(d => long.TryParse(Path.GetFileName(d)["checkpoint-".Length..], out var step) && step >= 2);
            var clock = Stopwatch.StartNew();
            while (!PastStepTwo() && clock.Elapsed < TimeSpan.FromSeconds(120) && !ranks[0].Process.HasExited)
                Thread.Sleep(50);
            Assert.True(PastStepTwo(), $"the run never reached step 2:\n{ranks[0].Output}\n{ranks[1].Output}");

            ranks[1].Process.Kill();
            var killed = Stopwatch.StartNew();
            Assert.True(ranks[0].Process.WaitForExit(TimeSpan.FromSeconds(30)), "rank 0 kept running after rank 1 died");
            ranks[0].Process.WaitForExit();
            var waited = killed.Elapsed;
            Assert.NotEqual(0, ranks[0].Process.ExitCode);
            string output;
            lock (ranks[0].Output) output = ranks[0].Output.ToString();
            Assert.Contains("rank 1", output);
            Assert.True(waited < TimeSpan.FromSeconds(30), $"rank 0 needed {waited.TotalSeconds:F1} s to notice");
        }
        finally
        {
            foreach (var r in ranks)
            {
                if (!r.Process.HasExited) r.Process.Kill(entireProcessTree: true);
                r.Process.Dispose();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One rank started as torchrun starts it: the variables set, no launcher to stop the others.</summary>
    private (Process Process, System.Text.StringBuilder Output) StartRank(int rank, int port, string[] command)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HalosProcess.HostDll);
        foreach (var a in command) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(_folder.Path);
        start.Environment["MASTER_ADDR"] = "127.0.0.1";
        start.Environment["MASTER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["RANK"] = start.Environment["LOCAL_RANK"] = rank.ToString(CultureInfo.InvariantCulture);
        start.Environment["WORLD_SIZE"] = "2";
        var output = new System.Text.StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }
}

/// <summary>Multi-process runs go one at a time: on two cores, parallel ones would starve each other's ranks.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DataParallelCollection
{
    public const string Name = "data-parallel processes";
}
