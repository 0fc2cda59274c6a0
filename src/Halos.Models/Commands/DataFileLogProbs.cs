using System.Globalization;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Tokenization;
using Halos.Models.Architectures;
using Halos.Models.LogProbs;
using Halos.Torch;

namespace Halos.Models.Commands;

/// <summary>What <c>halos logprobs --loader NAME</c> reads and how it encodes it, as <c>train</c> would.</summary>
public sealed record DataFileLogProbsOptions
{
    /// <summary>The loader (data format) name, as <c>Data:Loader</c>: sft, trl-preference, trl-unpaired, hh-rlhf, halos-feedback.</summary>
    public required string Loader { get; init; }

    /// <summary>The data kind to read; null takes the loader's first kind that has completions to score.</summary>
    public DataKind? Kind { get; init; }

    /// <summary>Overrides or supplies the tokenizer's chat template, as <c>Data:ChatTemplate</c> (a built-in name or a file).</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>The token budgets and over-length policy, as the <c>Data</c> section's <c>MaxLength</c>, <c>MaxPromptLength</c>, <c>MaxCompletionLength</c>, <c>OverLength</c>.</summary>
    public EncodingOptions Encoding { get; init; } = new();

    public int BatchSize { get; init; } = 8;

    /// <summary>Where a relative chat-template file is found.</summary>
    public string Root { get; init; } = Directory.GetCurrentDirectory();
}

/// <summary>
/// The completion log-probs of a data file in any format <c>train</c> reads, encoded exactly as training encodes it:
/// the chat template (or <c>Data:ChatTemplate</c>), the end-of-sequence token after each completion, the length
/// budgets. So a conversational pair gets the same numbers here as in <c>eval</c>'s <c>logps/chosen</c>. One output
/// line per example: <c>{"index", "id", "sum_logp", "mean_logp", "tokens"}</c>, or for pairs the same fields under
/// <c>chosen</c> and <c>rejected</c>, or for groups a <c>completions</c> list.
/// </summary>
public static class DataFileLogProbs
{
    private static readonly DataKind[] ScorableKinds = [DataKind.Paired, DataKind.Unpaired, DataKind.Sft, DataKind.Grouped];

    public static void Run(string modelFolder, string inputPath, DataFileLogProbsOptions options, TextWriter output)
    {
        if (options.BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(options), $"batch size must be positive, got {options.BatchSize}");
        var format = DataFormats.Find(options.Loader)
                     ?? throw new FormatException($"--loader: no loader named '{options.Loader}'; expected one of {DataFormats.Names}");
        var kind = options.Kind ?? format.Kinds.FirstOrDefault(ScorableKinds.Contains);
        if (!ScorableKinds.Contains(kind) || !format.Kinds.Contains(kind))
            throw new FormatException($"--kind: loader '{format.Name}' reads {string.Join(", ", format.Kinds).ToLowerInvariant()}; logprobs needs one of "
                                      + string.Join(", ", ScorableKinds.Where(format.Kinds.Contains)).ToLowerInvariant());
        using var model = Checkpoints.HfCheckpoint.Load(modelFolder) as CausalLanguageModel
            ?? throw new Checkpoints.CheckpointException(modelFolder, "logprobs needs a causal LM, but config.json describes a sequence classifier");
        var tokenizer = ChatTemplateChoice.Apply(HuggingFaceTokenizer.Load(modelFolder), options.ChatTemplate, options.Root);
        var encoder = new ExampleEncoder(tokenizer, options.Encoding);

        var examples = DataReader.ReadAll(format, new DataReadRequest { Path = inputPath, Kind = kind }, out _);
        if (examples.Count == 0) throw new FormatException($"{inputPath}: no {kind.ToString().ToLowerInvariant()} examples");
        var pending = new List<(int Index, EncodedExample Encoded)>();
        for (var index = 0; index < examples.Count; index++)
        {
            // A row the over-length policy drops gets no output line; its index is skipped.
            if (encoder.Encode(examples[index], out _) is not { } encoded) continue;
            foreach (var sequence in encoded.Sequences)
                if (sequence.CompletionLength == 0) throw new FormatException($"{examples[index].Id}: a completion has no tokens left to score");
            pending.Add((index, encoded));
            if (pending.Count == options.BatchSize) Flush(model, pending, kind, output);
        }
        Flush(model, pending, kind, output);
    }

    private static void Flush(CausalLanguageModel model, List<(int Index, EncodedExample Encoded)> pending, DataKind kind, TextWriter output)
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

    private static string Fields(float sum, float mean, long tokens) =>
        string.Create(CultureInfo.InvariantCulture, $"\"sum_logp\":{sum:R},\"mean_logp\":{mean:R},\"tokens\":{tokens}");

    /// <summary>Summed and mean completion log-probs and completion token counts of each sequence, in one batch.</summary>
    internal static (float[] Sums, float[] Means, long[] Counts) SequenceTotals(CausalLanguageModel model, IReadOnlyList<TokenSequence> sequences)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var rows = sequences.Select(s => s.Ids.Select(i => (long)i).ToArray()).ToList();
        var (ids, mask) = RightPadded.Batch(rows, model.device);
        var labels = TokenLogProbs.Labels(ids, mask, sequences.Select(s => (long)s.PromptLength).ToArray());
        var perToken = model.LabelLogProbs(model.HiddenStates(ids, mask), labels);
        using var totals = SequenceLogProbs.From(perToken, labels);
        return (totals.Sum.to(Device.CPU).data<float>().ToArray(), totals.Mean.to(Device.CPU).data<float>().ToArray(),
            totals.Count.to(Device.CPU).data<long>().ToArray());
    }
}
