using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.PreTokenizers;

/// <summary>Turns the delimiter matches found in a piece into output pieces for a behavior.</summary>
internal static class PieceSplitter
{
    /// <param name="matches">Sorted, non-overlapping, non-empty [start, end) spans within the piece.</param>
    public static void Apply(in PreToken piece, List<(int Start, int End)> matches, SplitBehavior behavior, bool invert, List<PreToken> output)
    {
        // Spans cover the whole piece, alternating between gaps and delimiter matches.
        var spans = new List<(int Start, int End, bool IsMatch)>(matches.Count * 2 + 1);
        var at = 0;
        foreach (var (start, end) in matches)
        {
            if (start > at) spans.Add((at, start, invert));
            spans.Add((start, end, !invert));
            at = end;
        }
        if (at < piece.Length) spans.Add((at, piece.Length, invert));

        var merged = new List<(int Start, int End)>(spans.Count);
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var s in spans) merged.Add((s.Start, s.End));
                break;
            case SplitBehavior.Removed:
                foreach (var s in spans) if (!s.IsMatch) merged.Add((s.Start, s.End));
                break;
            case SplitBehavior.MergedWithPrevious:
                {
                    var previousMatch = false;
                    foreach (var s in spans)
                    {
                        if (s.IsMatch && !previousMatch && merged.Count > 0) merged[^1] = (merged[^1].Start, s.End);
                        else merged.Add((s.Start, s.End));
                        previousMatch = s.IsMatch;
                    }
                    break;
                }
            case SplitBehavior.MergedWithNext:
                {
                    var previousMatch = false;
                    for (var k = spans.Count - 1; k >= 0; k--)
                    {
                        var s = spans[k];
                        if (s.IsMatch && !previousMatch && merged.Count > 0) merged[^1] = (s.Start, merged[^1].End);
                        else merged.Add((s.Start, s.End));
                        previousMatch = s.IsMatch;
                    }
                    merged.Reverse();
                    break;
                }
            case SplitBehavior.Contiguous:
                {
                    var previousMatch = false;
                    var first = true;
                    foreach (var s in spans)
                    {
                        if (!first && s.IsMatch && previousMatch) merged[^1] = (merged[^1].Start, s.End);
                        else merged.Add((s.Start, s.End));
                        previousMatch = s.IsMatch;
                        first = false;
                    }
                    break;
                }
        }
        foreach (var (start, end) in merged)
            if (end > start) output.Add(piece.Slice(start, end - start));
    }
}
