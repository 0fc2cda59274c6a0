using System.Buffers;
using System.Globalization;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.AddedTokens;

/// <summary>
/// Finds added tokens in text, leftmost first and longest at each position (as the Rust
/// aho-corasick matcher does), then applies single_word, lstrip and rstrip.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, (string Pattern, AddedToken Token)[]> _byFirstChar;
    private readonly SearchValues<char> _firstChars;

    /// <param name="tokens">Each token with the text to look for (its content, normalized if required).</param>
    public AddedTokenMatcher(IEnumerable<(string Pattern, AddedToken Token)> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Pattern.Length > 0)
            .GroupBy(t => t.Pattern[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Pattern.Length).ToArray());
        _firstChars = SearchValues.Create(_byFirstChar.Keys.ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    public List<AddedTokenMatch> FindMatches(string text)
    {
        var matches = new List<AddedTokenMatch>();
        if (IsEmpty) return matches;
        var previousEnd = 0;
        var pos = 0;
        while (pos < text.Length)
        {
            var found = text.AsSpan(pos).IndexOfAny(_firstChars);
            if (found < 0) break;
            var start = pos + found;
            (string Pattern, AddedToken Token)? hit = null;
            foreach (var candidate in _byFirstChar[text[start]])
                if (text.AsSpan(start).StartsWith(candidate.Pattern, StringComparison.Ordinal)) { hit = candidate; break; }
            if (hit is null)
            {
                pos = start + 1;
                continue;
            }
            var (pattern, token) = hit.Value;
            var end = start + pattern.Length;
            if (token.SingleWord && !(IsWordBoundaryBefore(text, start) && IsWordBoundaryAfter(text, end)))
            {
                pos = end;
                continue;
            }
            if (token.LStrip)
                while (start > previousEnd && char.IsWhiteSpace(text[start - 1])) start--;
            if (token.RStrip)
                while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
            matches.Add(new AddedTokenMatch(start, end, token));
            previousEnd = end;
            pos = end;
        }
        return matches;
    }

    // Unicode \w as the Rust regex crate defines it: letters, marks, decimal digits, connectors.
    private static bool IsWordChar(int cp) => CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber or UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.ConnectorPunctuation;

    private static bool IsWordBoundaryBefore(string text, int start)
    {
        if (start == 0) return true;
        var at = start - 1;
        if (char.IsLowSurrogate(text[at]) && at > 0 && char.IsHighSurrogate(text[at - 1])) at--;
        return !IsWordChar(text.ConvertToUtf32OrSelf(at, out _));
    }

    private static bool IsWordBoundaryAfter(string text, int end) =>
        end >= text.Length || !IsWordChar(text.ConvertToUtf32OrSelf(end, out _));
}
