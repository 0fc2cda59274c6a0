using Halos.Abstractions.Data;
using Halos.Abstractions.Generation;
using Halos.Abstractions.Models;
using Halos.Models.Architectures;
using Halos.Torch;

namespace Halos.Models.Tests;

/// <summary>
/// The generation contract (<see cref="IGenerativeLanguageModel"/>'s prefill and decode) as the built-in models
/// implement it, and <see cref="BatchSampler"/> over it.
/// </summary>
public class GenerationTests
{
    public static TheoryData<string> CausalNames() => new(TinyModels.CausalNames);

    private static readonly int[][] Prompts = [[5, 17, 33, 8, 60, 12, 44], [9, 71], [23, 23, 40, 7]];

    private static readonly SamplingOptions Greedy = new() { Temperature = 0, MaxNewTokens = 10 };

    private static GeneratedSequence[] Generate(CausalLanguageModel model, IReadOnlyList<int[]> prompts, SamplingOptions options,
        IReadOnlyList<ulong>? streams = null, ITokenizer? tokenizer = null) =>
        BatchSampler.Generate(model, model.device, prompts, options, streams, tokenizer);

    private static int[][] Ids(GeneratedSequence[] sequences) => sequences.Select(s => s.TokenIds).ToArray();

    [Theory]
    [MemberData(nameof(CausalNames))]
    public void PrefillAndDecodeGiveTheLogitsOfAFullForwardOnLeftPaddedRows(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var model = TinyModels.Causal(name);
        // Row 0 is 3 pad positions then 4 real tokens; row 1 is 7 real tokens. Then 3 decoded tokens each.
        var ids = torch.tensor(new long[] { 0, 0, 0, 23, 23, 40, 7, 5, 17, 33, 8, 60, 12, 44 }, 2, 7);
        var mask = torch.tensor(new long[] { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 2, 7);
        var next = new long[][] { [11, 90], [3, 3], [64, 2] };
        var (logits, cache) = model.Prefill(ids, mask);
        using var owned = cache;
        var steps = new List<Tensor> { logits };
        foreach (var tokens in next) steps.Add(model.Decode(cache, torch.tensor(tokens, 2)));
        Assert.Equal(10, cache.Length);

        // Each row alone, unpadded, through the plain forward: its logits at the same positions.
        long[][] rows = [[23, 23, 40, 7, 11, 3, 64], [5, 17, 33, 8, 60, 12, 44, 90, 3, 2]];
        for (var b = 0; b < 2; b++)
        {
            var full = model.forward(torch.tensor(rows[b], 1, rows[b].Length))[0];
            var promptLength = b == 0 ? 4 : 7;
            for (var s = 0; s < steps.Count; s++)
                Assert.True(TinyModels.MaxAbsDifference(steps[s][b], full[promptLength - 1 + s]) < 1e-4,
                    $"{name}: row {b}, step {s} differs from the full forward");
        }
    }

    [Theory]
    [MemberData(nameof(CausalNames))]
    public void GreedyPicksTheArgmaxOfAFullForwardAndStopsAtTheLengthLimit(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal(name);
        var generated = Generate(model, [Prompts[0]], Greedy)[0];
        Assert.Equal(10, generated.TokenIds.Length);
        Assert.Equal(FinishReason.Length, generated.FinishReason);
        var sequence = Prompts[0].Concat(generated.TokenIds).Select(t => (long)t).ToArray();
        using var noGrad = torch.no_grad();
        var logProbs = F.log_softmax(model.forward(torch.tensor(sequence, 1, sequence.Length))[0], -1);
        var argmax = logProbs.argmax(-1).data<long>();
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(argmax[Prompts[0].Length - 1 + k], generated.TokenIds[k]);
            // Greedy reports the model's own log-prob of the chosen token.
            Assert.Equal(logProbs[Prompts[0].Length - 1 + k][generated.TokenIds[k]].item<float>(), generated.LogProbs[k], 1e-4);
        }
    }

    [Theory]
    [MemberData(nameof(CausalNames))]
    public void ABatchGivesWhatEachPromptGivesAlone(string name)
    {
        using var model = TinyModels.Causal(name);
        var sampled = new SamplingOptions { MaxNewTokens = 8, Temperature = 1.3, TopP = 0.95, Seed = 5 };
        ulong[] streams = [40, 41, 42];
        foreach (var options in new[] { Greedy, sampled })
        {
            var batched = Generate(model, Prompts, options, streams);
            for (var i = 0; i < Prompts.Length; i++)
            {
                var alone = Generate(model, [Prompts[i]], options, [streams[i]])[0];
                Assert.Equal(alone.TokenIds, batched[i].TokenIds);
                for (var k = 0; k < alone.LogProbs.Length; k++) Assert.Equal(alone.LogProbs[k], batched[i].LogProbs[k], 1e-4);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CausalNames))]
    public void RepeatedPromptsShareOnePrefillAndStillSampleApart(string name)
    {
        // GRPO's layout: each prompt K times. The prefill reads each distinct prompt once and copies its keys, values
        // and logits to the rows that repeat it; each row must still be its own sequence afterwards (its own random
        // stream, its own tokens written to its own cache row), exactly as that prompt and stream give alone.
        using var model = TinyModels.Causal(name);
        int[][] prompts = [Prompts[0], Prompts[1], Prompts[0], Prompts[0], Prompts[1], Prompts[2]];
        ulong[] streams = [1, 2, 3, 4, 5, 6];
        var sampled = new SamplingOptions { MaxNewTokens = 8, Temperature = 4, Seed = 11 };
        var batched = Generate(model, prompts, sampled, streams);
        for (var i = 0; i < prompts.Length; i++)
        {
            var alone = Generate(model, [prompts[i]], sampled, [streams[i]])[0];
            Assert.Equal(alone.TokenIds, batched[i].TokenIds);
            for (var k = 0; k < alone.LogProbs.Length; k++) Assert.Equal(alone.LogProbs[k], batched[i].LogProbs[k], 1e-4);
        }
        // The three copies of prompt 0 drew different completions (else the test would not show rows kept apart).
        Assert.True(new[] { 0, 2, 3 }.Select(i => string.Join(",", batched[i].TokenIds)).Distinct().Count() > 1);

        // The shared prefill's logits are each row's own.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var ids = torch.tensor(new long[] { 0, 9, 71, 23, 23, 40, 0, 9, 71, 0, 9, 71 }, 4, 3);
        var mask = torch.tensor(new long[] { 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1 }, 4, 3);
        var (logits, cache) = model.Prefill(ids, mask);
        using var owned = cache;
        var first = model.forward(torch.tensor(new long[] { 9, 71 }, 1, 2))[0][1];
        var second = model.forward(torch.tensor(new long[] { 23, 23, 40 }, 1, 3))[0][2];
        foreach (var (row, expected) in new[] { (0, first), (1, second), (2, first), (3, first) })
            Assert.True(TinyModels.MaxAbsDifference(logits[row], expected) < 1e-4, $"{name}: row {row}");
    }

    [SkippableFact]
    public void GreedyDecodingEqualsTransformersGenerateOnTheSharedFixtures()
    {
        foreach (var name in new[] { "gpt2", "llama", "neox", "qwen2" })
        {
            var folder = SharedFixtures.Folder(name);
            var expected = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "generation.json"))).RootElement;
            var prompts = expected.GetProperty("prompts").EnumerateArray().Select(p => p.EnumerateArray().Select(t => t.GetInt32()).ToArray()).ToList();
            var greedy = expected.GetProperty("greedy").EnumerateArray().Select(p => p.EnumerateArray().Select(t => t.GetInt32()).ToArray()).ToList();
            using var model = (CausalLanguageModel)Checkpoints.HfCheckpoint.Load(folder);
            // Batched and left-padded here; transformers decoded each prompt alone.
            var generated = Generate(model, prompts, Greedy with { MaxNewTokens = expected.GetProperty("max_new_tokens").GetInt32() });
            Assert.Equal(greedy, Ids(generated));
        }
    }

    [Fact]
    public void SamplingIsSeededAndTopKOneTinyTopPOrMinPOneAreGreedy()
    {
        using var model = TinyModels.Causal("gpt2");
        var sample = new SamplingOptions { MaxNewTokens = 10, Temperature = 1.5, Seed = 3 };
        var a = Ids(Generate(model, Prompts, sample));
        Assert.Equal(a, Ids(Generate(model, Prompts, sample)));
        Assert.NotEqual(a, Ids(Generate(model, Prompts, sample with { Seed = 4 })));
        // The sampler's streams are its own: libtorch's global generator neither feeds nor is advanced by it.
        torch.manual_seed(123);
        var before = torch.rand(4).data<float>();
        torch.manual_seed(123);
        Generate(model, Prompts, sample);
        Assert.Equal(before, torch.rand(4).data<float>());

        var greedy = Ids(Generate(model, Prompts, Greedy));
        Assert.Equal(greedy, Ids(Generate(model, Prompts, sample with { TopK = 1 })));
        Assert.Equal(greedy, Ids(Generate(model, Prompts, sample with { TopP = 1e-6 })));
        Assert.Equal(greedy, Ids(Generate(model, Prompts, sample with { MinP = 1 })));
    }

    [Fact]
    public void ASampledTokensLogProbIsUnderTheTemperedDistributionItWasDrawnFrom()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        const double temperature = 0.7;
        var generated = Generate(model, [Prompts[1]], new SamplingOptions { MaxNewTokens = 6, Temperature = temperature, Seed = 9 })[0];
        var withTopK = Generate(model, [Prompts[1]], new SamplingOptions { MaxNewTokens = 6, Temperature = temperature, TopK = 5, Seed = 9 })[0];
        using var noGrad = torch.no_grad();
        foreach (var (sequence, topK) in new[] { (generated, 0), (withTopK, 5) })
        {
            var ids = Prompts[1].Concat(sequence.TokenIds).Select(t => (long)t).ToArray();
            var scaled = model.forward(torch.tensor(ids, 1, ids.Length))[0] / temperature;
            for (var k = 0; k < sequence.TokenIds.Length; k++)
            {
                var row = scaled[Prompts[1].Length - 1 + k];
                // Under top-k the distribution is renormalised over the k kept tokens.
                var kept = topK == 0 ? row : row.topk(topK).values;
                var expected = row[sequence.TokenIds[k]].item<float>() - kept.exp().sum().log().item<float>();
                Assert.Equal(expected, sequence.LogProbs[k], 1e-4);
            }
        }
    }

    [Fact]
    public void EndOfSequenceEndsARowWithStopAndIsKept()
    {
        using var model = TinyModels.Causal("qwen2");
        var free = Ids(Generate(model, Prompts, Greedy));
        var stop = free[0][2];
        var stopped = Generate(model, Prompts, Greedy with { StopTokenIds = [stop] });
        for (var i = 0; i < Prompts.Length; i++)
        {
            var end = Array.IndexOf(free[i], stop);
            Assert.Equal(end < 0 ? free[i] : free[i].Take(end + 1), stopped[i].TokenIds);
            Assert.Equal(end < 0 ? FinishReason.Length : FinishReason.Stop, stopped[i].FinishReason);
        }
        Assert.True(stopped[0].TokenIds.Length <= 3);
    }

    [Fact]
    public void AStopStringEndsARowAtTheTokenThatCompletesIt()
    {
        using var model = TinyModels.Causal("gpt2");
        var tokenizer = new LetterTokenizer();
        var free = Generate(model, Prompts, Greedy);
        var text = tokenizer.Decode(free[1].TokenIds);
        // Two letters written at the 4th and 5th tokens: the row stops after the 5th.
        var stopString = text.Substring(3, 2);
        var first = text.IndexOf(stopString, StringComparison.Ordinal);
        var stopped = Generate(model, Prompts, Greedy with { StopStrings = [stopString] }, tokenizer: tokenizer);
        Assert.Equal(free[1].TokenIds.Take(first + 2), stopped[1].TokenIds);
        Assert.Equal(FinishReason.Stop, stopped[1].FinishReason);
        for (var i = 0; i < Prompts.Length; i++)
        {
            var at = tokenizer.Decode(free[i].TokenIds).IndexOf(stopString, StringComparison.Ordinal);
            Assert.Equal(at < 0 ? free[i].TokenIds : free[i].TokenIds.Take(at + 2), stopped[i].TokenIds);
        }
    }

    [Fact]
    public void RepetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens()
    {
        using var scope = torch.NewDisposeScope();
        var scores = torch.tensor(new[] { 2f, -1f, 0.5f, -3f }, 1, 4);
        var seen = torch.tensor(new[] { true, true, false, false }, 1, 4);
        var penalised = LogitsProcessing.PenaliseRepeats(scores, seen, 2.0).data<float>();
        Assert.Equal(new[] { 1f, -2f, 0.5f, -3f }, penalised);

        // In a generation: with a huge penalty, greedy never repeats a prompt token or one of its own.
        using var model = TinyModels.Causal("qwen2");
        var generated = Generate(model, Prompts, Greedy with { RepetitionPenalty = 1e6 });
        for (var i = 0; i < Prompts.Length; i++)
        {
            var all = Prompts[i].Concat(generated[i].TokenIds).ToList();
            Assert.Equal(all.Count - Prompts[i].Length, generated[i].TokenIds.Distinct().Except(Prompts[i]).Count());
        }
    }

    [Fact]
    public void FiltersKeepExactlyTheirTokensAndInverseCdfPicksByCumulativeMass()
    {
        using var scope = torch.NewDisposeScope();
        // Probabilities 0.5, 0.3, 0.15, 0.05.
        var logits = torch.tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }, 1, 4).log();
        static float[] Kept(Tensor filtered) => F.softmax(filtered, -1).data<float>();
        AssertClose([0.5 / 0.8, 0.3 / 0.8, 0, 0], Kept(LogitsProcessing.TopP(logits, 0.7)));
        AssertClose([0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0], Kept(LogitsProcessing.TopK(logits, 3)));
        // min_p 0.25: the floor is 0.125, so 0.05 goes.
        AssertClose([0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0], Kept(LogitsProcessing.MinP(logits, 0.25)));

        var logProbs = F.log_softmax(LogitsProcessing.TopP(logits, 0.7), -1).expand(6, 4);
        var uniforms = torch.tensor(new[] { 0.0, 0.3, 0.6249, 0.6251, 0.9, 0.999999 }, 6);
        Assert.Equal(new long[] { 0, 0, 0, 1, 1, 1 }, LogitsProcessing.InverseCdf(logProbs, uniforms).data<long>());
    }

    [Fact]
    public void InverseCdfOverALargeVocabularyMatchesTheRunningSumAndNeverPicksAZeroToken()
    {
        using var scope = torch.NewDisposeScope();
        // 1,000 tokens, every third of probability 0.
        const int vocab = 1000;
        var random = new Random(5);
        var weights = Enumerable.Range(0, vocab).Select(i => i % 3 == 0 ? 0.0 : random.NextDouble()).ToArray();
        var logits = torch.tensor(weights.Select(w => w == 0 ? float.NegativeInfinity : (float)Math.Log(w)).ToArray(), 1, vocab);
        var probabilities = F.softmax(logits, -1).data<float>().Select(p => (double)p).ToArray();
        var running = new double[vocab];
        for (var i = 0; i < vocab; i++) running[i] = (i == 0 ? 0 : running[i - 1]) + probabilities[i];
        // Uniforms spread over [0, 1), and some just either side of three tokens' cumulative mass.
        var uniforms = Enumerable.Range(0, 200).Select(i => i / 200.0)
            .Concat(new[] { 256, 512, 768 }.SelectMany(b => new[] { running[b - 1] / running[^1] - 1e-9, running[b - 1] / running[^1] + 1e-9 }))
            .Concat([1 - 1e-12]).ToArray();
        var picked = LogitsProcessing.InverseCdf(logits.expand(uniforms.Length, vocab), torch.tensor(uniforms, uniforms.Length)).data<long>();
        for (var r = 0; r < uniforms.Length; r++)
        {
            var target = uniforms[r] * running[^1];
            var expected = Array.FindIndex(running, c => c > target);
            Assert.True(weights[picked[r]] > 0, $"u = {uniforms[r]}: picked token {picked[r]}, which has probability 0");
            Assert.Equal(expected, picked[r]);
        }
    }

    [Fact]
    public void ASampledTokensLogProbIsItsLogSoftmax_AndFilteredTokensAreNeverDrawn()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var logits = torch.randn([8, 5000]) * 3;
        var filtered = LogitsProcessing.TopK(logits, 20);
        var uniforms = torch.tensor(Enumerable.Range(0, 8).Select(i => (i + 0.5) / 8).ToArray(), 8);
        var (tokens, logProbs) = LogitsProcessing.Sample(filtered, uniforms);
        var expected = F.log_softmax(filtered, -1).gather(1, tokens.unsqueeze(1)).squeeze(1);
        Assert.True((logProbs - expected).abs().max().item<float>() < 1e-5f);
        var kept = filtered.gather(1, tokens.unsqueeze(1)).squeeze(1);
        Assert.All(kept.data<float>(), v => Assert.True(float.IsFinite(v), "a token outside the top 20 was drawn"));
        Assert.Equal(LogitsProcessing.InverseCdf(filtered, uniforms).data<long>(), tokens.data<long>());
    }

    [Fact]
    public void CounterRandomIsUniformAndStreamsAreIndependent()
    {
        var draws = Enumerable.Range(0, 20000).Select(i => CounterRandom.Uniform(1, (ulong)i, 0)).ToArray();
        Assert.InRange(draws.Average(), 0.49, 0.51);
        Assert.InRange(draws.Count(d => d < 0.1) / 20000.0, 0.09, 0.11);
        Assert.All(draws, d => Assert.InRange(d, 0.0, 1.0 - 1e-17));
        Assert.NotEqual(CounterRandom.Uniform(1, 2, 3), CounterRandom.Uniform(1, 3, 2));
        Assert.NotEqual(CounterRandom.Stream(1, 0), CounterRandom.Stream(0, 1));
    }

    [Fact]
    public void BadOptionsAreRefusedNamingTheOption()
    {
        using var model = TinyModels.Causal("gpt2");
        Assert.Contains("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Generate(model, Prompts, Greedy with { Temperature = -1 })).Message);
        Assert.Contains("top_p", Assert.Throws<ArgumentOutOfRangeException>(() => Generate(model, Prompts, Greedy with { TopP = 1.5 })).Message);
        Assert.Contains("min_p", Assert.Throws<ArgumentOutOfRangeException>(() => Generate(model, Prompts, Greedy with { MinP = 2 })).Message);
        Assert.Contains("max_new_tokens", Assert.Throws<ArgumentOutOfRangeException>(() => Generate(model, Prompts, Greedy with { MaxNewTokens = 0 })).Message);
        Assert.Contains("prompt 0 is empty", Assert.Throws<ArgumentException>(() => Generate(model, [Array.Empty<int>()], Greedy)).Message);
        Assert.Contains("tokenizer", Assert.Throws<ArgumentException>(() => Generate(model, Prompts, Greedy with { StopStrings = ["x"] })).Message);
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    /// <summary>Token id t decodes to the letter 'a' + t mod 26: enough text for stop strings to find.</summary>
    private sealed class LetterTokenizer : ITokenizer
    {
        public int VocabSize => (int)TinyModels.Vocab;
        public int? BosTokenId => null;
        public int? EosTokenId => null;
        public int? PadTokenId => null;
        public int[] Encode(string text, bool addSpecialTokens = true) => text.Select(c => c - 'a').ToArray();
        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false) => new(ids.Select(t => (char)('a' + t % 26)).ToArray());
        public string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) => throw new InvalidOperationException("no chat template");
    }
}
