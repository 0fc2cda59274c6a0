using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;

namespace Halos.Data.Derived;

/// <summary>
/// Turns a format's native examples into the shape the run's loss consumes (<see cref="Example.ShapeOf"/>):
/// pairs become unpaired feedback (KTO) or two-item lists, lists become all their ordered pairs, and any
/// example gives its prompt for online (grouped) sampling. A conversion that would invent or lose
/// preference information is refused with the row named.
/// </summary>
public static class KindConversion
{
    public static IEnumerable<Example> Convert(Example example, DataKind kind) => (kind, example) switch
    {
        (DataKind.Sft, SftExample) => [example],
        (DataKind.Sft, PairedExample p) => [new SftExample(p.Id, p.Prompt, p.Chosen)],
        (DataKind.Sft, RankedExample r) => [new SftExample(r.Id, r.Prompt, r.BestToWorst[0])],
        (DataKind.Paired or DataKind.Scored, PairedExample or TokenizedPairedExample) => [example],
        (DataKind.Paired or DataKind.Scored, RankedExample r) => RankedPairs.Expand(r),
        (DataKind.Unpaired, UnpairedExample) => [example],
        (DataKind.Unpaired, PairedExample p) => PairedToUnpaired.Expand(p),
        (DataKind.Ranked, RankedExample) => [example],
        (DataKind.Ranked, PairedExample p) => [new RankedExample(p.Id, p.Prompt, [p.Chosen, p.Rejected])],
        (DataKind.Grouped, GroupedExample) => [example],
        (DataKind.Grouped, _) when example is not TokenizedPairedExample => [new GroupedExample(example.Id, example.Prompt, [])],
        _ => throw new DataFormatException(example.Id, null,
            $"a {ShapeName(example)} row cannot be used as {kind.ToString().ToLowerInvariant()} data; the loss needs {ShapeName(Example.ShapeOf(kind))} rows"),
    };

    private static string ShapeName(Example example) => ShapeName(example.GetType());

    private static string ShapeName(Type shape) => shape.Name switch
    {
        nameof(SftExample) => "prompt/completion",
        nameof(PairedExample) => "preference-pair",
        nameof(TokenizedPairedExample) => "pre-tokenized pair",
        nameof(UnpairedExample) => "unpaired (labelled completion)",
        nameof(RankedExample) => "ranked-list",
        nameof(GroupedExample) => "grouped",
        _ => shape.Name,
    };
}
