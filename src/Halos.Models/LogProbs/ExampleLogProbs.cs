using System.Globalization;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Data.Tokenization;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.LogProbs;

/// <summary>
/// The completion log-probs of data in any format <c>train</c> reads (the examples a loader plugin yielded), encoded
/// exactly as training encodes it: the chat template (or <c>Data:ChatTemplate</c>), the end-of-sequence token after each
/// completion, the length budgets. So a conversational pair gets the same numbers here as in <c>eval</c>'s
/// <c>logps/chosen</c>. One output line per example: <c>{"index", "id", "sum_logp", "mean_logp", "tokens"}</c>, or for
/// pairs the same fields under <c>chosen</c> and <c>rejected</c>, or for groups a <c>completions</c> list. The model is
/// any model plugin's causal LM (<see cref="ICausalLanguageModel"/>), read chunked through its head when it allows it.
/// </summary>
public static class ExampleLogProbs
{
    /// <summary>The data kinds with completions to score.</summary>
    public static readonly IReadOnlyList<DataKind> ScorableKinds = [DataKind.Paired, DataKind.Unpaired, DataKind.Sft, DataKind.Grouped];

    /// <param name="tokenizer">The model's tokenizer, with the run's chat template applied.</param>
    public static void Run(Module model, ITokenizer tokenizer, IReadOnlyList<Example> examples, DataKind kind, EncodingOptions encoding, int batchSize,
        TextWriter output)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be positive, got {batchSize}");
        var encoder = new ExampleEncoder(tokenizer, encoding);
        var pending = new List<(int Index, EncodedExample Encoded)>();
        for (var index = 0; index < examples.Count; index++)
        {
            // A row the over-length policy drops gets no output line; its index is skipped.
            if (encoder.Encode(examples[index], out _) is not { } encoded) continue;
            foreach (var sequence in encoded.Sequences)
                if (sequence.CompletionLength == 0) throw new FormatException($"{examples[index].Id}: a completion has no tokens left to score");
            pending.Add((index, encoded));
            if (pending.Count == batchSize) Flush(model, pending, kind, output);
        }
        Flush(model, pending, kind, output);
    }

    private static void Flush(Module model, List<(int Index, EncodedExample Encoded)> pending, DataKind kind, TextWriter output)
    {
        if (pending.Count == 0) return;
        var sequences = pending.SelectMany(p => p.Encoded.Sequences).ToList();
        var (sums, means, counts) = SequenceTotals(model, sequences);
        var at = 0;
        foreach (var (index, encoded) in pending)
        {
            var parts = encoded.Sequences.Select(_ => Fields(sums[at], means[at], counts[at++])).ToList();
            var id = System.Text.Json.JsonSerializer.Serialize(encoded.Source.Id);
            var body = kind switch
            {
                DataKind.Paired => $"\"chosen\":{{{parts[0]}}},\"rejected\":{{{parts[1]}}}",
                DataKind.Grouped => $"\"completions\":[{string.Join(",", parts.Select(p => $"{{{p}}}"))}]",
                _ => parts[0],
            };
            output.WriteLine($"{{\"index\":{index},\"id\":{id},{body}}}");
        }
        pending.Clear();
    }

    internal static string Fields(float sum, float mean, long tokens) =>
        string.Create(CultureInfo.InvariantCulture, $"\"sum_logp\":{sum:R},\"mean_logp\":{mean:R},\"tokens\":{tokens}");

    /// <summary>The vocabulary size of the model's head, when it exposes its head matrix; null otherwise.</summary>
    internal static long? VocabularyOf(Module model) => (model as IHiddenStateLanguageModel)?.HeadWeight?.size(0);

    /// <summary>Summed and mean completion log-probs and completion token counts of each sequence, in one batch.</summary>
    internal static (float[] Sums, float[] Means, long[] Counts) SequenceTotals(Module module, IReadOnlyList<TokenSequence> sequences)
    {
        var model = module as ICausalLanguageModel
                    ?? throw new InvalidOperationException($"logprobs needs a causal language model, but the model plugin built a {module.GetType().Name}");
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var device = module.parameters().First().device;
        var rows = sequences.Select(s => s.Ids.Select(i => (long)i).ToArray()).ToList();
        var (ids, mask) = RightPadded.Batch(rows, device);
        var labels = TokenLogProbs.Labels(ids, mask, sequences.Select(s => (long)s.PromptLength).ToArray());
        // Chunked through the head when the model exposes it: the [B, T, V] logits never exist.
        var perToken = model is IHiddenStateLanguageModel { HeadWeight: { } head } body
            ? TokenLogProbs.FromHidden(body.HiddenStates(ids, mask), head, labels, softCap: body.LogitSoftCap)
            : TokenLogProbs.FromLogits(model.Logits(ids, mask), labels);
        using var totals = SequenceLogProbs.From(perToken, labels);
        return (totals.Sum.to(Device.CPU).data<float>().ToArray(), totals.Mean.to(Device.CPU).data<float>().ToArray(),
            totals.Count.to(Device.CPU).data<long>().ToArray());
    }
}
