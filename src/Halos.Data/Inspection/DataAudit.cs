using Halos.Abstractions.Data;
using Halos.Data.Loading;
using Halos.Data.Tokenization;

namespace Halos.Data.Inspection;

/// <summary>
/// The facts <c>halos data inspect</c> prints about a source: examples per shape, rejected rows, duplicate
/// prompts, pairs whose chosen and rejected are identical, and (with a tokenizer) token-length percentiles and
/// what the length policy would do.
/// </summary>
public sealed class DataAudit
{
    public required IReadOnlyList<Example> Examples { get; init; }

    public required ReadReport Read { get; init; }

    public IReadOnlyDictionary<string, int> CountsByShape => Examples
        .GroupBy(e => ShapeLabel(e))
        .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Prompts that occur in more than one row, with how many rows each.</summary>
    public IReadOnlyList<(string Prompt, int Rows)> DuplicatePrompts => Examples
        .Where(e => e is not TokenizedPairedExample)
        .GroupBy(e => e.Prompt.ToString())
        .Where(g => g.Count() > 1)
        .Select(g => (g.Key, g.Count()))
        .OrderByDescending(d => d.Item2)
        .ToList();

    /// <summary>Pairs that teach nothing: chosen and rejected are the same.</summary>
    public IReadOnlyList<Example> IdenticalPairs => Examples.Where(e => e switch
    {
        PairedExample p => p.Chosen == p.Rejected,
        TokenizedPairedExample t => t.ChosenIds.SequenceEqual(t.RejectedIds),
        _ => false,
    }).ToList();

    public EncodedDataset? Encoded { get; init; }

    public LengthPercentiles PromptLengths => LengthPercentiles.Of(Encoded?.Examples.Select(e => e.Sequences[0].PromptLength).ToList() ?? []);

    public LengthPercentiles CompletionLengths => LengthPercentiles.Of(Encoded?.Examples.SelectMany(e => e.Sequences.Select(s => s.CompletionLength)).ToList() ?? []);

    /// <summary>Prompt + completion of every sequence, what <c>Data:MaxLength</c> bounds.</summary>
    public LengthPercentiles SequenceLengths => LengthPercentiles.Of(Encoded?.Examples.SelectMany(e => e.Sequences.Select(s => s.PromptLength + s.CompletionLength)).ToList() ?? []);

    public static string ShapeLabel(Example example) => example switch
    {
        PairedExample or TokenizedPairedExample => "pairs",
        UnpairedExample => "unpaired",
        RankedExample => "lists",
        SftExample => "sft",
        GroupedExample => "groups",
        _ => example.GetType().Name,
    };
}
