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
/// Online training through the real <c>halos train</c>: prompts in TRL's prompt-only layout, K completions sampled per
/// prompt from the current policy, rewarded by a script, and GRPO updates. Checks μ &gt; 1 (later updates see the
/// sampling policy's log-probs, so the ratio leaves 1), completions.jsonl, exact resume (the sampling streams
/// included), and two ranks against one process with the same global batch.
/// </summary>
[Collection(DataParallelCollection.Name)]
public sealed class OnlineTrainingEndToEndTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const int Prompts = 12;

    /// <summary>The share of even token ids, the peer benchmark's rule; prompts about "h" are skipped (null).</summary>
    private const string RewardScript = """
        if (Prompt.StartsWith("h")) return null;
        return CompletionIds.Count == 0 ? 0.0 : CompletionIds.Count(id => id % 2 == 0) / (double)CompletionIds.Count;
        """;

    private static void SkipUnlessBuilt() =>
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");

    private void Workspace()
    {
        Directory.CreateDirectory(_folder.Combine("losses"));
        File.Copy(Path.Combine(TrainerRun.RepoRoot, "losses", "grpo.csx"), _folder.Combine("losses", "grpo.csx"));
        File.WriteAllText(_folder.Combine("even.csx"), RewardScript);
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Config:vocab_size"] = CharTokenizerFiles.VocabSize.ToString(CultureInfo.InvariantCulture),
            ["Config:hidden_size"] = "32", ["Config:intermediate_size"] = "64", ["Config:num_hidden_layers"] = "2",
            ["Config:num_attention_heads"] = "4", ["Config:num_key_value_heads"] = "2", ["Config:max_position_embeddings"] = "64",
            ["Config:eos_token_id"] = CharTokenizerFiles.EndOfText.ToString(CultureInfo.InvariantCulture),
            ["Config:pad_token_id"] = CharTokenizerFiles.EndOfText.ToString(CultureInfo.InvariantCulture),
        }).Build();
        torch.manual_seed(5);
        var folder = _folder.Combine("tiny");
        using (var model = (TransformerModel)new TransformersModelBuilder().Build(new ModelSpec("llama", null, ScalarType.Float32, Device.CPU, options), ModelRole.Policy))
            HfCheckpoint.Save(model, folder);
        CharTokenizerFiles.Write(folder);
        using var writer = new StreamWriter(_folder.Combine("prompts.jsonl"));
        const string letters = "abcdefgh";
        for (var i = 0; i < Prompts; i++)
            writer.WriteLine(JsonSerializer.Serialize(new { prompt = $"{letters[i % 8]}{i}=", answer = i, note = "extra fields ride along" }));
    }

    private static string[] Train(string output, int batchSize, int steps, params string[] more) =>
    [
        "train", "--quiet", "--Metrics:Sinks:0=jsonl", "--Metrics:LogEvery=1", "--Training:Trainer=auto", "--Model:Plugin=transformers",
        "--Model:Checkpoint=tiny", "--Data:Loader=prompt-only", "--Data:Train=prompts.jsonl", "--Loss:Script=grpo",
        "--Rewards:Sources:0:Type=script", "--Rewards:Sources:0:Path=even.csx", "--Rewards:Sources:0:Name=even",
        "--Generation:NumSamples=4", "--Generation:MaxNewTokens=6", "--Generation:BatchSize=8",
        $"--Training:BatchSize={batchSize}", "--Training:Schedule=constant", $"--Training:MaxSteps={steps}", "--Data:MaxLength=32",
        "--Training:LearningRate=0.01", "--Training:LoopOptions:Precision=float32", "--Training:AdamEpsilon=1e-6", "--Training:LoopOptions:DistributedTimeoutSeconds=60",
        $"--Training:OutputDir={output}", .. more,
    ];

    private (int Code, string Output, string Error) Single(string[] command) => HalosProcess.Run(_folder.Path, [.. command, "--root", _folder.Path], 240);

    private (int Code, string Output, string Error) Launch(int ranks, string[] command) =>
        HalosProcess.Run(_folder.Path, ["launch", "--nproc", ranks.ToString(CultureInfo.InvariantCulture), "--", .. command, "--root", _folder.Path], 240);

    private static void Succeeded((int Code, string Output, string Error) run, string what) =>
        Assert.True(run.Code == 0, $"{what}: exit {run.Code}\n{run.Error}\n{run.Output}");

    private Dictionary<string, float[]> Weights(params string[] path)
    {
        using var scope = torch.NewDisposeScope();
        using var file = SafeTensorsFile.Open(_folder.Combine([.. path, "model.safetensors"]));
        return file.LoadAll().ToDictionary(t => t.Key, t => t.Value.to(ScalarType.Float32).data<float>());
    }

    private static double MaxDifference(Dictionary<string, float[]> a, Dictionary<string, float[]> b) =>
        a.Keys.Max(k => a[k].Zip(b[k], (x, y) => Math.Abs((double)x - y)).Max());

    private List<JsonElement> Logged(string run) => File.ReadAllLines(_folder.Combine(run, "metrics.jsonl"))
        .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("phase").GetString() == "train").ToList();

    [SkippableFact]
    public void Two_updates_per_rollout_use_the_sampling_policy_and_a_stopped_run_resumes_exactly()
    {
        SkipUnlessBuilt();
        Workspace();
        // ε tiny: any ratio other than 1 counts as clipped, so clip_ratio/region_mean tells on-policy updates from later ones.
        string[] command = [.. Train("run", 4, 8, "--Training:UpdatesPerGeneration=2", "--Training:CheckpointEvery=4", "--Loss:Params:epsilon=0.0001")];
        Succeeded(Single(command), "straight");
        var straight = Weights("run", "final");
        Assert.True(MaxDifference(Weights("tiny"), straight) > 1e-3, "training did not move the weights, so the comparison proves nothing");

        var logged = Logged("run");
        Assert.Equal(Enumerable.Range(1, 8).Select(s => (long)s), logged.Select(e => e.GetProperty("step").GetInt64()));
        foreach (var e in logged)
        {
            var step = e.GetProperty("step").GetInt64();
            var clipped = e.GetProperty("clip_ratio/region_mean").GetDouble();
            // The first update of a rollout is on-policy (ratio exactly 1); the second sees the old log-probs.
            if (step % 2 == 1) Assert.Equal(0.0, clipped);
            else Assert.True(clipped > 0, $"step {step}: the second update on a rollout still has ratio 1 everywhere");
            foreach (var name in new[] { "loss", "entropy", "clip_ratio/low_mean", "clip_ratio/high_mean" })
                Assert.True(e.TryGetProperty(name, out _), $"step {step} logged no {name}");
            // What sampling and scoring measured is logged at the step that rolled out.
            if (step % 2 == 0) continue;
            foreach (var name in new[] { "reward", "reward_std", "rewards/even/mean", "rewards/even/std", "completions/mean_length",
                         "completions/clipped_ratio", "generation/tokens_per_second" })
                Assert.True(e.TryGetProperty(name, out _), $"step {step} logged no {name}");
            Assert.InRange(e.GetProperty("reward").GetDouble(), 0, 1);
        }

        // completions.jsonl: every sampled completion of each rollout (4 rollouts x 4 prompts x 4 samples), with its
        // per-source reward and advantage; the skipped prompts ("h...") have a null reward.
        var records = File.ReadAllLines(_folder.Combine("run", "completions.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(64, records.Count);
        Assert.Equal([1L, 3L, 5L, 7L], records.Select(r => r.GetProperty("step").GetInt64()).Distinct().Order());
        Assert.Contains(records, r => r.GetProperty("prompt").GetString()!.StartsWith('h') && r.GetProperty("reward").ValueKind == JsonValueKind.Null);
        Assert.All(records.Where(r => !r.GetProperty("prompt").GetString()!.StartsWith('h')),
            r => Assert.InRange(r.GetProperty("rewards").GetProperty("even").GetDouble(), 0, 1));
        var before = File.ReadAllLines(_folder.Combine("run", "completions.jsonl"));

        // Back to step 4, as if the run had stopped there, and continue: the same samples, the same weights.
        Directory.Delete(_folder.Combine("run", "checkpoint-8"), recursive: true);
        Directory.Delete(_folder.Combine("run", "final"), recursive: true);
        Succeeded(Single([.. command, "--resume"]), "resumed");
        Assert.Equal(0.0, MaxDifference(straight, Weights("run", "final")));
        Assert.Equal(before.Select(Without("generation")), File.ReadAllLines(_folder.Combine("run", "completions.jsonl")).Select(Without("generation")));

        // A checkpoint every 3 steps would cut a rollout's updates apart.
        var refused = Single([.. Train("other", 4, 8, "--Training:UpdatesPerGeneration=2", "--Training:CheckpointEvery=3")]);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("CheckpointEvery", refused.Error + refused.Output);
    }

    /// <summary>A record without timing-dependent fields (none today; the helper keeps the comparison honest if one is added).</summary>
    private static Func<string, string> Without(string prefix) => line =>
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        foreach (var key in node.Select(p => p.Key).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) node.Remove(key);
        return node.ToJsonString();
    };

    [SkippableFact]
    public void Two_ranks_give_the_weights_of_one_process_with_the_same_global_batch()
    {
        SkipUnlessBuilt();
        Skip.IfNot(CollectiveBackends.IsAvailable, "libhalos_torch was built without Gloo (install libgloo-dev)");
        Workspace();
        // β > 0 runs the reference pass; dapo normalises by the tokens of both ranks' completions.
        string[] more = ["--Loss:Params:beta=0.04", "--Loss:Params:loss_type=dapo"];
        Succeeded(Single(Train("single", 4, 6, more)), "one process");
        Succeeded(Launch(2, Train("ranks", 2, 6, more)), "two ranks");
        var difference = MaxDifference(Weights("single", "final"), Weights("ranks", "final"));
        Console.WriteLine($"online GRPO, 6 steps: one process vs two ranks differ by at most {difference:E2}");
        Assert.True(difference <= 1e-5, $"weights differ by {difference:E2}");
        Assert.True(MaxDifference(Weights("tiny"), Weights("ranks", "final")) > 1e-3, "training did not move the weights");
        // Batch reward statistics are over both ranks' completions.
        var (one, two) = (Logged("single"), Logged("ranks"));
        for (var i = 0; i < one.Count; i++)
            Assert.Equal(one[i].GetProperty("reward").GetDouble(), two[i].GetProperty("reward").GetDouble(), 6);
    }

    [SkippableFact]
    public void A_judge_scores_online_rollouts_and_labels_samples_and_its_key_is_written_nowhere()
    {
        SkipUnlessBuilt();
        Workspace();
        const string variable = "HALOS_TEST_JUDGE_KEY";
        const string key = "sk-judge-test-7c41e0aa93";
        // The fake judge likes short answers: 10 for an empty one, down to 1.
        using var server = new Halos.Training.Tests.Support.FakeChatServer((message, _) =>
        {
            var completion = message[(message.IndexOf("[Response]\n", StringComparison.Ordinal) + 11)..message.IndexOf("\n\nGive", StringComparison.Ordinal)];
            return Halos.Training.Tests.Support.FakeReply.Say($"Short is good.\nScore: {Math.Max(1, 10 - completion.Length)}");
        });
        string[] judge =
        [
            "--Rewards:Sources:1:Type=judge", $"--Rewards:Sources:1:Endpoint={server.Endpoint}", "--Rewards:Sources:1:Model=fake-judge",
            $"--Rewards:Sources:1:ApiKeyVariable={variable}", "--Rewards:Sources:1:Cache=judgments", "--Rewards:Sources:1:Weight=0.1",
        ];
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            var trained = Single([.. Train("judged", 4, 2, "--Training:CheckpointEvery=1"), .. judge]);
            Succeeded(trained, "online run with a judge");
            Assert.Equal(32, server.Requests);   // 2 steps x 4 prompts x 4 samples, none cached yet
            Assert.All(Logged("judged"), e => Assert.InRange(e.GetProperty("rewards/judge/mean").GetDouble(), 1, 10));
            Assert.Contains(server.Authorizations, a => a == $"Bearer {key}");

            // halos label over samples of the same prompts: the judge's answers for completions it saw come from the cache.
            var samples = _folder.Combine("samples.jsonl");
            File.WriteAllLines(samples, File.ReadAllLines(_folder.Combine("judged", "completions.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
                // A rollout's records are prompt by prompt, the 4 samples of a prompt together: one index per 4 lines.
                .Select((r, i) => JsonSerializer.Serialize(new { index = i / 4, completion = r.GetProperty("completion").GetString(), prompt = r.GetProperty("prompt").GetString() })));
            var before = server.Requests;
            var labelled = HalosProcess.Run(_folder.Path, ["label", "--input", "samples.jsonl", "--output", "pairs.jsonl", "--root", _folder.Path,
                "--Training:Trainer=auto", "--Model:Plugin=transformers", .. judge.Select(a => a.Replace("Sources:1", "Sources:0"))], 120);
            Assert.True(labelled.ExitCode == 0, labelled.Error + labelled.Output);
            Assert.Equal(before, server.Requests);
            Assert.Contains("judge/requests = 0", labelled.Output);
            Assert.Matches(@"judge/cache_hits = [1-9]", labelled.Output);

            // The key is in no file of the run folder (checkpoints, run.json, metrics, completions) and in no output.
            foreach (var file in Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories))
                Assert.False(File.ReadAllText(file).Contains(key, StringComparison.Ordinal), $"{file} holds the API key");
            Assert.DoesNotContain(key, trained.Output + trained.Error + labelled.Output + labelled.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [SkippableFact]
    public void A_judge_that_goes_down_stops_the_run_naming_it_with_the_last_checkpoint_intact()
    {
        SkipUnlessBuilt();
        Workspace();
        // Step 1's 16 judgments succeed; from then on the endpoint answers 503.
        using var server = new Halos.Training.Tests.Support.FakeChatServer((_, n) => n <= 16
            ? Halos.Training.Tests.Support.FakeReply.Say("Score: 5")
            : new Halos.Training.Tests.Support.FakeReply(503, """{"error":{"message":"down"}}"""));
        var run = Single([.. Train("down", 4, 3, "--Training:CheckpointEvery=1"),
            "--Rewards:Sources:1:Type=judge", $"--Rewards:Sources:1:Endpoint={server.Endpoint}", "--Rewards:Sources:1:Model=fake-judge",
            "--Rewards:Sources:1:Cache=none", "--Rewards:Sources:1:MaxRetries=2", "--Rewards:Sources:1:RetryDelaySeconds=0.01"]);
        Assert.NotEqual(0, run.Code);
        Assert.Contains($"judge fake-judge at {server.Endpoint} is unavailable: HTTP 503, after 2 retries", run.Error + run.Output);
        Assert.True(File.Exists(_folder.Combine("down", "checkpoint-1", "model.safetensors")), run.Error + run.Output);
        Assert.False(Directory.Exists(_folder.Combine("down", "checkpoint-2")));
        Assert.Empty(Directory.EnumerateDirectories(_folder.Combine("down")).Where(d => Path.GetFileName(d).StartsWith('.')));
    }

    [SkippableFact]
    public void Bad_reward_configuration_is_named_by_key()
    {
        SkipUnlessBuilt();
        Workspace();
        var typo = Single([.. Train("bad", 4, 2), "--Rewards:Sources:0:Pth=even.csx"]);
        Assert.NotEqual(0, typo.Code);
        Assert.Contains("Rewards:Sources:0:Pth: unknown key for a 'script' reward", typo.Error + typo.Output);
        var single = Single([.. Train("bad", 4, 2), "--Generation:NumSamples=1"]);
        Assert.NotEqual(0, single.Code);
        Assert.Contains("Generation:NumSamples is 1", single.Error + single.Output);
        File.WriteAllText(_folder.Combine("broken.csx"), "var x = 1;\nreturn Completion.Length / (x - 1);");
        var broken = Single([.. Train("bad", 4, 2), "--Rewards:Sources:0:Path=broken.csx"]);
        Assert.NotEqual(0, broken.Code);
        Assert.Contains("broken.csx(2): while rewarding row prompts.jsonl:", broken.Error + broken.Output);
    }
}
