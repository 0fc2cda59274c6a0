using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Inspection;
using Halos.Data.Loading;
using Halos.Data.Tokenization;

namespace Halos.Data;

/// <summary>What <c>halos data inspect</c> audits: a file read by one of the built-in formats, and how to encode it.</summary>
public sealed record DataInspectionRequest(IDataFormat Format, string Input, DataKind Kind)
{
    /// <summary>With a tokenizer, token lengths and the length policy are audited too.</summary>
    public HuggingFaceTokenizer? Tokenizer { get; init; }

    /// <summary>How many rows to print as the model sees them (0: none).</summary>
    public int Show { get; init; }

    /// <summary>The <c>Data</c> section's length limits.</summary>
    public EncodingOptions Limits { get; init; } = new();

    /// <summary>Whether some layer set the limits (otherwise the report says they are train's defaults).</summary>
    public bool LimitsGiven { get; init; }

    public string? Split { get; init; }

    public bool PromptColumn { get; init; }
}

/// <summary>
/// The audit to run before training (<c>halos data inspect</c>). It reads the whole file, rejecting bad rows rather
/// than stopping, and prints row counts per kind, every rejected row with its reason, duplicate prompts and identical
/// pairs; with a tokenizer, token-length percentiles before and after the <c>Data</c> section's length limits, and how
/// many rows each limit truncates or drops; with <see cref="DataInspectionRequest.Show"/>, the first rows as the model
/// sees them, the masked prompt part marked.
/// </summary>
public static class DataInspection
{
    private const string MaskOpen = "[masked]";
    private const string MaskClose = "[/masked]";

    /// <summary>Runs the audit; a missing or unreadable file throws <see cref="DataFormatException"/> naming it.</summary>
    public static void Run(DataInspectionRequest request, TextWriter output) => Inspect(request, output);

    private static void Inspect(DataInspectionRequest a, TextWriter output)
    {
        var request = new DataReadRequest { Path = a.Input, Kind = a.Kind, OnBadRow = BadRowPolicy.Skip, Split = a.Split, PromptColumn = a.PromptColumn };
        var examples = DataReader.ReadAll(a.Format, request, out var report);
        var tokenizer = a.Tokenizer;
        // An audit never stops at an over-long row: under 'error' it drops them and says train would stop.
        var options = a.Limits with { OverLength = a.Limits.OverLength == OverLengthPolicy.Error ? OverLengthPolicy.Drop : a.Limits.OverLength };
        var encoded = tokenizer is null ? null : new ExampleEncoder(tokenizer, options).EncodeAll(examples);
        var unlimited = tokenizer is null ? null : new ExampleEncoder(tokenizer, new EncodingOptions()).EncodeAll(examples);
        var audit = new DataAudit { Examples = examples, Read = report, Encoded = encoded };
        var before = new DataAudit { Examples = examples, Read = report, Encoded = unlimited };

        output.WriteLine($"{a.Input}: loader '{a.Format.Name}', kind {a.Kind.ToString().ToLowerInvariant()}");
        output.WriteLine($"rows: {report.RowsRead} read, {report.Rejected.Count} rejected; examples: " +
                         (examples.Count == 0 ? "none" : string.Join(", ", audit.CountsByShape.Select(c => $"{c.Value} {c.Key}"))));
        if (report.Rejected.Count > 0)
        {
            output.WriteLine($"rejected rows ({report.Rejected.Count}):");
            foreach (var row in report.Rejected) output.WriteLine($"  {row}");
        }
        var duplicates = audit.DuplicatePrompts;
        output.WriteLine($"duplicate prompts: {duplicates.Count}" + (duplicates.Count == 0 ? "" : $" ({duplicates.Sum(d => d.Rows)} rows); most repeated: {Quote(duplicates[0].Prompt)} x{duplicates[0].Rows}"));
        var identical = audit.IdenticalPairs;
        output.WriteLine($"identical chosen/rejected pairs: {identical.Count}" + (identical.Count == 0 ? "" : $" ({string.Join(", ", identical.Take(5).Select(e => e.Id))}{(identical.Count > 5 ? ", ..." : "")})"));
        if (encoded is not null)
        {
            output.WriteLine($"length limits: {a.Limits.Describe()}{(a.LimitsGiven ? "" : " (train's defaults)")}");
            output.WriteLine("lengths in tokens, as written:");
            output.WriteLine($"  prompt      {before.PromptLengths}");
            output.WriteLine($"  completion  {before.CompletionLengths}");
            output.WriteLine($"  sequence    {before.SequenceLengths}");
            output.WriteLine("lengths in tokens, as trained (after the limits):");
            output.WriteLine($"  prompt      {audit.PromptLengths}");
            output.WriteLine($"  completion  {audit.CompletionLengths}");
            output.WriteLine($"  sequence    {audit.SequenceLengths}");
            var r = encoded.Report;
            output.WriteLine($"  over Data:MaxPromptLength {r.Over(LengthLimit.Prompt)}, over Data:MaxCompletionLength {r.Over(LengthLimit.Completion)}, " +
                             $"over Data:MaxLength {r.Over(LengthLimit.Total)} (each row counted at the first limit it breaks)");
            output.WriteLine($"  {r.Summary()}");
            if (a.Limits.OverLength == OverLengthPolicy.Error && r.Affected.Count > 0)
                output.WriteLine($"  with Data:OverLength=error, train would stop at {r.Affected[0].Id}: {r.Affected[0].Reason}");
        }
        else output.WriteLine("lengths: pass --tokenizer DIR for token-length percentiles and the length policy");
        if (a.Show > 0) Show(a.Show, examples, encoded, tokenizer, output);
    }

    private static void Show(int count, IReadOnlyList<Example> examples, EncodedDataset? encoded, HuggingFaceTokenizer? tokenizer, TextWriter output)
    {
        output.WriteLine($"first {Math.Min(count, examples.Count)} rows as the model sees them ({MaskOpen}...{MaskClose} is the prompt, not trained on):");
        if (encoded is not null && tokenizer is not null)
        {
            foreach (var example in encoded.Examples.Take(count))
            {
                output.WriteLine($"--- {example.Source.Id}");
                var names = SequenceNames(example.Source, example.Sequences.Count);
                for (var i = 0; i < example.Sequences.Count; i++)
                {
                    var s = example.Sequences[i];
                    output.WriteLine($"{names[i]} ({s.PromptLength} + {s.CompletionLength} tokens{(example.Truncated ? ", truncated" : "")}):");
                    output.WriteLine($"{MaskOpen}{tokenizer.Decode(s.PromptIds.ToArray())}{MaskClose}{tokenizer.Decode(s.CompletionIds.ToArray())}");
                }
            }
            return;
        }
        foreach (var example in examples.Take(count))
        {
            output.WriteLine($"--- {example.Id}");
            var completions = example is TokenizedPairedExample t
                ? [string.Join(' ', t.ChosenIds), string.Join(' ', t.RejectedIds)]
                : ExampleEncoder.CompletionsOf(example);
            var names = SequenceNames(example, completions.Count);
            for (var i = 0; i < completions.Count; i++)
                output.WriteLine($"{names[i]}: {MaskOpen}{example.Prompt}{MaskClose}{completions[i]}");
        }
    }

    private static string[] SequenceNames(Example example, int count) => example switch
    {
        PairedExample or TokenizedPairedExample => ["chosen", "rejected"],
        UnpairedExample u => [u.Desirable ? "desirable" : "undesirable"],
        _ => Enumerable.Range(1, count).Select(i => count == 1 ? "completion" : $"#{i}").ToArray(),
    };

    private static string Quote(string text)
    {
        var oneLine = text.Replace("\n", "\\n");
        return "\"" + (oneLine.Length <= 60 ? oneLine : oneLine[..57] + "...") + "\"";
    }
}
