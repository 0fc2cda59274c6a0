namespace Halos.Tokenizers.PostProcessors;

/// <summary>
/// ByteLevel's trim_offsets: a token like "Ġworld" reports the span of "world", not of the
/// space it absorbed.
/// </summary>
internal static class OffsetTrimmer
{
    public static List<EncodedToken> TrimSpaces(List<EncodedToken> tokens, string original)
    {
        var result = new List<EncodedToken>(tokens.Count);
        foreach (var t in tokens)
        {
            var start = t.Start;
            var end = t.End;
            if (!t.Special)
            {
                while (start < end && original[start] == ' ') start++;
                while (end > start && original[end - 1] == ' ') end--;
            }
            result.Add(t with { Start = start, End = end });
        }
        return result;
    }
}
