namespace Halos.Tokenizers.Text;

/// <summary>
/// Text after normalization, with enough alignment to map any span of it back to the span of the
/// original input it came from. Offsets reported to users are always into the original string.
/// </summary>
internal sealed class NormalizedText
{
    /// <summary>Text that is an untouched slice of the original starting at <paramref name="originalStart"/>.</summary>
    public NormalizedText(string text, int originalStart)
    {
        Text = text;
        OriginalStart = originalStart;
    }

    /// <summary>Text whose char i came from original span [starts[i], ends[i]).</summary>
    public NormalizedText(string text, int[] starts, int[] ends, int originalEnd)
    {
        Text = text;
        Starts = starts;
        Ends = ends;
        OriginalEnd = originalEnd;
    }

    public string Text { get; }

    // Null when the text is the original slice itself; then char i sits at OriginalStart + i.
    public int[]? Starts { get; }
    public int[]? Ends { get; }
    public int OriginalStart { get; }
    private int OriginalEnd { get; }

    public bool IsIdentity => Starts is null;

    public int StartOf(int i) => Starts is null ? OriginalStart + i : Starts[i];
    public int EndOf(int i) => Ends is null ? OriginalStart + i + 1 : Ends[i];

    /// <summary>Maps normalized span [start, end) to the original span it covers.</summary>
    public (int Start, int End) ToOriginal(int start, int end)
    {
        if (Starts is null) return (OriginalStart + start, OriginalStart + end);
        if (Text.Length == 0) return (OriginalEnd, OriginalEnd);
        if (start >= end)
        {
            var at = start < Text.Length ? Starts[start] : OriginalEnd;
            return (at, at);
        }
        var s = int.MaxValue;
        var e = int.MinValue;
        for (var i = start; i < end; i++)
        {
            s = Math.Min(s, Starts[i]);
            e = Math.Max(e, Ends![i]);
        }
        return (s, e);
    }

    /// <summary>The original end of the whole text, used for spans inserted at the very end.</summary>
    public int End => Starts is null ? OriginalStart + Text.Length : OriginalEnd;
}
