using Microsoft.Extensions.Logging.Abstractions;
using Halos.Abstractions.Plugins;
using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Trainers.Trainers;
using Halos.Trainers.Tests.Support;
using Halos.Training;
using Halos.Transformers;
using Microsoft.Extensions.Configuration;

namespace Halos.Trainers.Tests;

/// <summary>
/// <c>halos sample</c>: the standard loop's sample mode in-process, and the verb's flags through the real host.
/// The parity tests use ../shared/fixtures/hf-tiny (transformers' own greedy continuations) and skip without it.
/// </summary>
public sealed class SampleVerbTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static readonly int[][] IdPrompts = [[433], [337, 403, 132, 143, 387], [91, 110, 383, 298, 429, 279, 236, 175, 422], [12, 7]];

    private string Input(params object[] rows)
    {
        var path = _folder.Combine($"prompts-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, rows.Select(r => JsonSerializer.Serialize(r)));
        return path;
    }

    private string IdInput() => Input(IdPrompts.Select((p, i) => (object)new { prompt_ids = p, answer = i * 10 }).ToArray());

    private (List<JsonElement> Rows, RunOutcome Outcome) Sample(string model, string input, GenerationOptions generation)
    {
        var plan = new RunPlan
        {
            Mode = RunMode.Sample,
            ConfigurationRoot = _folder.Path,
            Configuration = new ConfigurationBuilder().Build(),
            Training = new TrainingOptions { Seed = 5 },
            Data = new DataOptions(),
            Model = new ModelOptions { Plugin = "transformers", Checkpoint = model },
            Loss = new LossOptions(),
            Metrics = new MetricsOptions(),
            Generation = generation,
            Trainer = new LossKindTrainer().CreateTrainer(PluginContext.Standalone("auto")),
            Models = new TransformersPlugin().CreateModels(PluginContext.Standalone("transformers")),
            InputPath = input,
        };
        var output = new StringWriter();
        var outcome = new StandardRunLoop(new StandardLoopOptions(), NullLogger.Instance) { SampleOutput = output }.Run(plan, new Progress<TrainingProgress>(), CancellationToken.None);
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (rows, outcome);
    }

    private static int[] Ids(JsonElement row) => row.GetProperty("completion_ids").EnumerateArray().Select(t => t.GetInt32()).ToArray();

    private static string Reason(JsonElement row) => row.GetProperty("finish_reason").GetString()!;

    [SkippableFact]
    public void GreedySampleEqualsTransformersGenerateOnEveryCausalFixture()
    {
        foreach (var name in HfTinyFixtures.CausalNames)
        {
            var model = HfTinyFixtures.CopyWithTokenizer(name, _folder.Combine(name));
            var (prompts, greedy, maxNewTokens) = HfTinyFixtures.Generation(name);
            var input = Input(prompts.Select(p => (object)new { prompt_ids = p }).ToArray());
            // Two sequences per batch: the 5- and 9-token prompts decode left-padded together.
            var (rows, _) = Sample(model, input, new GenerationOptions { Temperature = 0, MaxNewTokens = maxNewTokens, BatchSize = 2 });
            Assert.Equal(prompts.Length, rows.Count);
            for (var i = 0; i < prompts.Length; i++)
            {
                Assert.Equal(i, rows[i].GetProperty("index").GetInt32());
                Assert.Equal(greedy[i], Ids(rows[i]));
                Assert.Equal("length", Reason(rows[i]));
            }
        }
    }

    [SkippableFact]
    public void ABatchGivesTheSameSamplesAsOnePromptAtATimeAndASeedReproducesThem()
    {
        var model = HfTinyFixtures.CopyWithTokenizer("llama", _folder.Combine("llama"));
        var options = new GenerationOptions { Temperature = 1.0, TopP = 0.95, MaxNewTokens = 10, NumSamples = 3, Seed = 11, ReturnLogProbs = true };
        var input = IdInput();
        var (batched, outcome) = Sample(model, input, options with { BatchSize = 12 });
        var (alone, _) = Sample(model, input, options with { BatchSize = 1 });
        Assert.Equal(12, batched.Count);
        Assert.Equal(12, outcome.Metrics["samples"]);
        for (var r = 0; r < batched.Count; r++)
        {
            Assert.Equal(r / 3, batched[r].GetProperty("index").GetInt32());
            Assert.Equal(r % 3, batched[r].GetProperty("sample").GetInt32());
            Assert.Equal(Ids(alone[r]), Ids(batched[r]));
            var logps = batched[r].GetProperty("completion_logps").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var aloneLogps = alone[r].GetProperty("completion_logps").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(Ids(batched[r]).Length, logps.Length);
            for (var t = 0; t < logps.Length; t++) Assert.Equal(aloneLogps[t], logps[t], 4);
            Assert.All(logps, v => Assert.InRange(v, double.NegativeInfinity, 0));
        }
        // The K samples of a prompt differ from each other; the same seed gives them again, another seed does not.
        Assert.Equal(3, batched.Take(3).Select(r => string.Join(",", Ids(r))).Distinct().Count());
        var (again, _) = Sample(model, input, options with { BatchSize = 5 });
        Assert.Equal(batched.Select(Ids), again.Select(Ids));
        var (reseeded, _) = Sample(model, input, options with { Seed = 12 });
        Assert.NotEqual(batched.Select(r => string.Join(",", Ids(r))), reseeded.Select(r => string.Join(",", Ids(r))));
    }

    [SkippableFact]
    public void TopKOneIsGreedy()
    {
        var model = HfTinyFixtures.CopyWithTokenizer("neox", _folder.Combine("neox"));
        var input = IdInput();
        var (greedy, _) = Sample(model, input, new GenerationOptions { Temperature = 0, MaxNewTokens = 8 });
        var (topOne, _) = Sample(model, input, new GenerationOptions { Temperature = 1.7, TopK = 1, MaxNewTokens = 8, Seed = 3 });
        Assert.Equal(greedy.Select(Ids), topOne.Select(Ids));
    }

    [SkippableFact]
    public void EndOfSequenceAndStopStringsCutWhereTheyShouldAndSaySo()
    {
        var model = HfTinyFixtures.CopyWithTokenizer("llama", _folder.Combine("llama"));
        var (prompts, greedy, _) = HfTinyFixtures.Generation("llama");
        var input = Input(prompts.Select(p => (object)new { prompt_ids = p }).ToArray());

        // generation_config.json's eos_token_id: prompt 1's 4th greedy token ends it there, kept; the others run to the limit.
        var eos = greedy[1][3];
        File.WriteAllText(Path.Combine(model, "generation_config.json"), $$"""{"eos_token_id": [{{eos}}], "pad_token_id": 0}""");
        var (stopped, _) = Sample(model, input, new GenerationOptions { Temperature = 0, MaxNewTokens = 12 });
        for (var i = 0; i < prompts.Length; i++)
        {
            var at = Array.IndexOf(greedy[i], eos);
            Assert.Equal(at < 0 ? greedy[i] : greedy[i].Take(at + 1), Ids(stopped[i]));
            Assert.Equal(at < 0 ? "length" : "stop", Reason(stopped[i]));
        }
        Assert.Equal(4, Ids(stopped[1]).Length);

        // A stop string: the text of prompt 2's 3rd and 4th greedy tokens ends that completion at the 4th.
        File.Delete(Path.Combine(model, "generation_config.json"));
        var tokenizer = Halos.Data.Tokenization.HuggingFaceTokenizer.Load(model);
        var stop = tokenizer.Decode(greedy[2][2..4]);
        var (cut, _) = Sample(model, input, new GenerationOptions { Temperature = 0, MaxNewTokens = 12, StopStrings = [stop] });
        for (var i = 0; i < prompts.Length; i++)
        {
            var text = tokenizer.Decode(greedy[i]);
            var end = Enumerable.Range(1, greedy[i].Length).FirstOrDefault(n => tokenizer.Decode(greedy[i][..n]).Contains(stop, StringComparison.Ordinal));
            Assert.Equal(end == 0 ? greedy[i] : greedy[i][..end], Ids(cut[i]));
            Assert.Equal(end == 0 ? "length" : "stop", Reason(cut[i]));
            Assert.Equal(tokenizer.Decode(Ids(cut[i])), cut[i].GetProperty("completion").GetString());
        }
        Assert.True(Ids(cut[2]).Length <= 4);
    }

    [SkippableFact]
    public void TextAndChatPromptsAreEncodedAsTheModelExpectsAndOtherFieldsAreCopied()
    {
        var model = HfTinyFixtures.CopyWithTokenizer("qwen2", _folder.Combine("qwen2"));
        var rendered = "<user>two plus two\n<assistant>";
        var input = Input(
            new { prompt = new[] { new { role = "user", content = "two plus two" } }, answer = "4" },
            new { prompt = rendered, answer = "4" },
            new { prompt_ids = Halos.Data.Tokenization.HuggingFaceTokenizer.Load(model).Encode(rendered), id = "x" });
        var (rows, _) = Sample(model, input, new GenerationOptions { Temperature = 0.8, MaxNewTokens = 6, Seed = 1 });
        // Same prompt ids and (by design) different random streams: greedy would equal, so compare under greedy too.
        var (greedy, _) = Sample(model, input, new GenerationOptions { Temperature = 0, MaxNewTokens = 6 });
        Assert.Equal(Ids(greedy[1]), Ids(greedy[0]));
        Assert.Equal(Ids(greedy[1]), Ids(greedy[2]));
        Assert.Equal("4", rows[0].GetProperty("answer").GetString());
        Assert.Equal("x", rows[2].GetProperty("id").GetString());
        Assert.Equal(rendered, rows[1].GetProperty("prompt").GetString());
        Assert.False(rows[0].TryGetProperty("completion_logps", out _));
    }

    [SkippableFact]
    public void ABadRowIsNamedByFileAndLine()
    {
        var model = HfTinyFixtures.CopyWithTokenizer("gpt2", _folder.Combine("gpt2"));
        var input = Input(new { prompt_ids = new[] { 1, 2 } }, new { prompt_ids = new[] { 1, 99999 } });
        var error = Assert.Throws<DataFormatException>(() => Sample(model, input, new GenerationOptions { Temperature = 0, MaxNewTokens = 2 }));
        Assert.Contains($"{Path.GetFileName(input)}:2", error.Message);
        Assert.Contains("outside the model's vocabulary [0, 512)", error.Message);
        var missing = Input(new { text = "hi" });
        Assert.Contains("expected \"prompt\"", Assert.Throws<DataFormatException>(() => Sample(model, missing, new GenerationOptions())).Message);
    }

    [SkippableFact]
    public void TheVerbsFlagsSetTheGenerationOptions()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        var model = HfTinyFixtures.CopyWithTokenizer("gpt2", _folder.Combine("gpt2"));
        var (prompts, greedy, _) = HfTinyFixtures.Generation("gpt2");
        File.WriteAllLines(_folder.Combine("prompts.jsonl"), prompts.Select(p => JsonSerializer.Serialize(new { prompt_ids = p })));
        var (code, output, error) = HalosProcess.Run(_folder.Path,
            ["sample", "--root", _folder.Path, "--quiet", "--model", "gpt2", "--input", "prompts.jsonl", "--output", "out.jsonl",
             "--temperature", "0", "--max-new-tokens", "5", "--num-samples", "2", "--logprobs", "--Training:Trainer=auto", "--Model:Plugin=transformers"]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        var rows = File.ReadAllLines(_folder.Combine("out.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(prompts.Length * 2, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.Equal(greedy[r / 2].Take(5), Ids(rows[r]));
            Assert.Equal(5, rows[r].GetProperty("completion_logps").GetArrayLength());
        }
        Assert.Contains("samples = 6", output);
    }

    public void Dispose() => _folder.Dispose();
}
