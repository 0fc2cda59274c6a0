using System.Globalization;
using System.Text.RegularExpressions;

namespace Halos.Training.Judges;

/// <summary>Reads a judge's reply: the last "Score: N" (1 to 10) or the last "Verdict: A|B". Anything else is unreadable (null), never guessed.</summary>
public static partial class VerdictParser
{
    [GeneratedRegex(@"score\s*[:=]\s*\**\s*(\d+(?:\.\d+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex ScorePattern();

    [GeneratedRegex(@"verdict\s*[:=]\s*\**\s*\[?\s*([AB])\b", RegexOptions.IgnoreCase)]
    private static partial Regex VerdictPattern();

    /// <summary>The score from 1 to 10, or null.</summary>
    public static double? Score(string reply)
    {
        var matches = ScorePattern().Matches(reply);
        if (matches.Count == 0) return null;
        var value = double.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        return value is >= 1 and <= 10 ? value : null;
    }

    /// <summary>'A' or 'B', or null.</summary>
    public static char? Verdict(string reply)
    {
        var matches = VerdictPattern().Matches(reply);
        return matches.Count == 0 ? null : char.ToUpperInvariant(matches[^1].Groups[1].Value[0]);
    }
}
