namespace Halos.Abstractions.Data;

/// <summary>
/// A preference pair that arrives already tokenized (TRL's reward-trainer columns <c>input_ids_chosen</c> /
/// <c>input_ids_rejected</c>, or newer TRL's <c>chosen_ids</c> / <c>rejected_ids</c>). The ids are whole
/// sequences (no prompt split, so <see cref="Example.Prompt"/> is empty text): reward models score them as
/// they are. Trainers that accept <see cref="PairedExample"/> for <c>Paired</c> or <c>Scored</c> data accept
/// this shape too; the collation library in Halos.Data handles both.
/// </summary>
public sealed record TokenizedPairedExample(string Id, IReadOnlyList<int> ChosenIds, IReadOnlyList<int> RejectedIds, double? Margin = null)
    : Example(Id, Prompt.FromText(""));
