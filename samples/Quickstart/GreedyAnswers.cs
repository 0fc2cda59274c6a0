using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Abstractions.Generation;
using Halos.Tokenizers;

namespace Quickstart;

/// <summary>
/// What a model answers: it decodes greedily after each prompt until it ends its answer (EOS) or runs out of a few
/// tokens. The prompt is encoded as the trainers encode text prompts (no chat template), so the model sees what it
/// was trained on. A problem is solved when the answer is exactly the true result.
/// </summary>
public static class GreedyAnswers
{
    private const int BatchSize = 64;

    /// <summary>The decoded answer of each problem, EOS removed (" 7" for a model that writes " 7" and stops).</summary>
    public static IReadOnlyList<string> Of(string modelFolder, IReadOnlyList<ArithmeticProblem> problems)
    {
        var tokenizer = Tokenizer.Load(modelFolder);
        using var loaded = HfCheckpoint.Load(modelFolder);
        var model = loaded as CausalLanguageModel
                    ?? throw new InvalidOperationException($"{modelFolder}: expected a causal language model, found {loaded.Architecture}");
        var eos = tokenizer.EosToken?.Id ?? throw new InvalidOperationException($"{modelFolder}/tokenizer_config.json names no eos_token");
        var options = new SamplingOptions { MaxNewTokens = 4, Temperature = 0, StopTokenIds = [(long)eos], PadTokenId = eos };
        var answers = new List<string>(problems.Count);
        foreach (var batch in problems.Chunk(BatchSize))
        {
            var prompts = batch.Select(p => tokenizer.EncodeToIds(p.Prompt, addSpecialTokens: true).ToArray()).ToList();
            foreach (var output in BatchSampler.Generate(model, model.device, prompts, options))
                answers.Add(tokenizer.Decode(output.TokenIds.Where(id => id != eos).ToList(), skipSpecialTokens: false));
        }
        return answers;
    }

    /// <summary>The share of problems answered exactly right: over all of them, the additions, and the subtractions.</summary>
    public static (double All, double Addition, double Subtraction) Accuracy(string modelFolder, IReadOnlyList<ArithmeticProblem> problems)
    {
        var answers = Of(modelFolder, problems);
        var right = problems.Select((p, i) => (p.Subtraction, Right: answers[i] == QuickstartData.Answer(p.Answer))).ToList();
        static double Share(IEnumerable<bool> outcomes) => outcomes.DefaultIfEmpty(false).Average(r => r ? 1.0 : 0.0);
        return (Share(right.Select(r => r.Right)), Share(right.Where(r => !r.Subtraction).Select(r => r.Right)),
                Share(right.Where(r => r.Subtraction).Select(r => r.Right)));
    }
}
