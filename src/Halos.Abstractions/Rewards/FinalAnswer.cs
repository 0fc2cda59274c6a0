using System.Globalization;
using System.Text.RegularExpressions;

namespace Halos.Abstractions.Rewards;

/// <summary>
/// The final answer of a completion, as math-reasoning datasets mark it: the last <c>\boxed{...}</c> (MATH), else
/// the text after the last <c>####</c> (GSM8K), else the last number in the text. Answers compare numerically when
/// both parse as numbers (so "42", "42.0" and "4.2e1" agree), else as trimmed text.
/// </summary>
public static partial class FinalAnswer
{
    public static string? Of(string text)
    {
        var boxed = text.LastIndexOf(@"\boxed{", StringComparison.Ordinal);
        if (boxed >= 0 && Braced(text, boxed + @"\boxed{".Length) is { } inside) return inside.Trim();
        var hashes = text.LastIndexOf("####", StringComparison.Ordinal);
        if (hashes >= 0) return text[(hashes + 4)..].Trim();
        var numbers = Number().Matches(text);
        return numbers.Count == 0 ? null : numbers[^1].Value.Replace(",", "");
    }

    public static bool Same(string? answer, string? expected)
    {
        if (answer is null || expected is null) return false;
        if (Parse(answer) is { } a && Parse(expected) is { } b) return a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
        return string.Equals(answer.Trim(), expected.Trim(), StringComparison.Ordinal);
    }

    /// <summary>A number in an answer: digits with optional thousands commas, sign, decimals and exponent; a trailing period is not part of it.</summary>
    public static double? Parse(string text)
    {
        var cleaned = text.Trim().TrimEnd('.').Replace(",", "").Replace("$", "");
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
    }

    /// <summary>The text up to the brace that closes the one opened just before <paramref name="start"/>; null when it never closes.</summary>
    private static string? Braced(string text, int start)
    {
        var depth = 1;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return text[start..i];
        }
        return null;
    }

    [GeneratedRegex(@"-?\d[\d,]*(\.\d+)?([eE][-+]?\d+)?|-?\.\d+")]
    private static partial Regex Number();
}
