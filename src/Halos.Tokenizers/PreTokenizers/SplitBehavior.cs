namespace Halos.Tokenizers.PreTokenizers;

/// <summary>What happens to the matched delimiters when a piece is split (HF SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}

internal static class SplitBehaviorParser
{
    public static SplitBehavior? Parse(string name) => name.ToLowerInvariant() switch
    {
        "removed" => SplitBehavior.Removed,
        "isolated" => SplitBehavior.Isolated,
        "mergedwithprevious" or "merged_with_previous" => SplitBehavior.MergedWithPrevious,
        "mergedwithnext" or "merged_with_next" => SplitBehavior.MergedWithNext,
        "contiguous" => SplitBehavior.Contiguous,
        _ => null,
    };
}
