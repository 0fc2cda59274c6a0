using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Halos.Tokenizers.Text;

/// <summary>
/// Translates the Oniguruma regexes found in tokenizer.json (written for the Rust tokenizers) into
/// .NET regexes with the same code-point semantics:
/// <list type="bullet">
/// <item>character classes, \p{..}, \s, \d, \w and '.' match whole surrogate pairs, so astral
/// letters, digits and emoji are classified like the Rust engine does;</item>
/// <item>inline case-insensitive groups fold ASCII letters only, so (?i:'s) never matches the
/// long s U+017F, as with the reference;</item>
/// <item>^ and $ are line anchors, as in Oniguruma.</item>
/// </list>
/// </summary>
internal static class OnigurumaPattern
{
    private const string SurrogatePair = "[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]";

    public static UnicodeRegex Compile(string pattern)
    {
        const RegexOptions options = RegexOptions.Compiled | RegexOptions.CultureInvariant;
        return new UnicodeRegex(new Regex(Translate(pattern, astral: false), options), new Regex(Translate(pattern, astral: true), options));
    }

    /// <param name="astral">
    /// False gives a faster regex that is only correct on text without surrogates: classes are
    /// plain .NET classes without the surrogate-pair alternatives.
    /// </param>
    public static string Translate(string pattern, bool astral = true)
    {
        var output = new StringBuilder(pattern.Length * 2);
        var caseStack = new Stack<bool>();
        var ignoreCase = false;
        var i = 0;
        var afterQuantifier = false;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            var wasAfterQuantifier = afterQuantifier;
            afterQuantifier = false;
            switch (c)
            {
                case '\\':
                    i = TranslateEscape(pattern, i, output, ignoreCase, astral);
                    break;
                case '[':
                    {
                        var (cls, next) = ParseClass(pattern, i, ignoreCase);
                        output.Append(cls.ToNetRegex(astral));
                        i = next;
                        break;
                    }
                case '.':
                    output.Append(astral ? $"(?:{SurrogatePair}|[^\\n])" : "[^\\n]");
                    i++;
                    break;
                case '(':
                    {
                        caseStack.Push(ignoreCase);
                        var rest = pattern.AsSpan(i);
                        if (rest.StartsWith("(?i:")) { ignoreCase = true; output.Append("(?:"); i += 4; }
                        else if (rest.StartsWith("(?-i:")) { ignoreCase = false; output.Append("(?:"); i += 5; }
                        else if (rest.StartsWith("(?i)"))
                        {
                            caseStack.Pop();
                            ignoreCase = true;
                            i += 4;
                        }
                        else if (rest.StartsWith("(?") && !(rest.StartsWith("(?:") || rest.StartsWith("(?=") || rest.StartsWith("(?!")
                                     || rest.StartsWith("(?<=") || rest.StartsWith("(?<!") || rest.StartsWith("(?>") || rest.StartsWith("(?<")))
                            throw new ArgumentException($"unsupported group syntax at index {i} in pattern {pattern}");
                        else { output.Append('('); i++; }
                        break;
                    }
                case ')':
                    ignoreCase = caseStack.Count > 0 ? caseStack.Pop() : false;
                    output.Append(')');
                    i++;
                    break;
                case '^':
                    output.Append("(?m:^)");
                    i++;
                    break;
                case '$':
                    output.Append("(?=\\n|\\z)");
                    i++;
                    break;
                case '|':
                    output.Append(c);
                    i++;
                    break;
                case '*' or '?' or '+':
                    if (c == '+' && wasAfterQuantifier)
                        throw new ArgumentException($"possessive quantifier at index {i} is not supported in pattern {pattern}");
                    // A '?' right after a quantifier makes it lazy rather than quantifying again.
                    afterQuantifier = !(c == '?' && wasAfterQuantifier);
                    output.Append(c);
                    i++;
                    break;
                case '{':
                    {
                        var close = pattern.IndexOf('}', i);
                        var body = close > i ? pattern.AsSpan(i + 1, close - i - 1) : default;
                        if (close > i && body.Length > 0 && IsQuantifierBody(body))
                        {
                            output.Append(pattern, i, close - i + 1);
                            i = close + 1;
                            afterQuantifier = true;
                        }
                        else
                        {
                            output.Append("\\{");
                            i++;
                        }
                        break;
                    }
                default:
                    {
                        var cp = pattern.ConvertToUtf32OrSelf(i, out var width);
                        AppendLiteral(output, cp, ignoreCase);
                        i += width;
                        break;
                    }
            }
        }
        return output.ToString();
    }

    private static bool IsQuantifierBody(ReadOnlySpan<char> body)
    {
        foreach (var ch in body)
            if (!(char.IsAsciiDigit(ch) || ch == ',')) return false;
        return true;
    }

    private static void AppendLiteral(StringBuilder output, int cp, bool ignoreCase)
    {
        if (ignoreCase && cp < 128 && char.IsAsciiLetter((char)cp))
        {
            output.Append('[').Append(char.ToLowerInvariant((char)cp)).Append(char.ToUpperInvariant((char)cp)).Append(']');
            return;
        }
        if (cp > 0xFFFF)
        {
            // A quantifier after an astral literal must repeat the whole pair.
            output.Append("(?:").Append(Regex.Escape(char.ConvertFromUtf32(cp))).Append(')');
            return;
        }
        output.Append(Regex.Escape(((char)cp).ToString()));
    }

    private static int TranslateEscape(string pattern, int i, StringBuilder output, bool ignoreCase, bool astral)
    {
        if (i + 1 >= pattern.Length) throw new ArgumentException($"pattern ends with a lone backslash: {pattern}");
        var e = pattern[i + 1];
        switch (e)
        {
            case 'p' or 'P':
                {
                    var (name, next) = ReadPropertyName(pattern, i);
                    var cls = new CodePointClass();
                    cls.AddCategory(name, e == 'P', pattern);
                    output.Append(cls.ToNetRegex(astral));
                    return next;
                }
            case 's' or 'S' or 'd' or 'D' or 'w' or 'W':
                {
                    var cls = Shorthand(char.ToLowerInvariant(e), pattern);
                    cls.Negated = char.IsUpper(e);
                    output.Append(cls.ToNetRegex(astral));
                    return i + 2;
                }
            case 'A': output.Append("\\A"); return i + 2;
            case 'z': output.Append("\\z"); return i + 2;
            case 'Z': output.Append("(?=\\n?\\z)"); return i + 2;
            case 'b' or 'B': output.Append('\\').Append(e); return i + 2;
            default:
                {
                    var (cp, next) = ReadEscapedCodePoint(pattern, i);
                    AppendLiteral(output, cp, ignoreCase);
                    return next;
                }
        }
    }

    private static CodePointClass Shorthand(char kind, string pattern) => kind switch
    {
        's' => CodePointClass.Whitespace(),
        'd' => CodePointClass.Digit(pattern),
        _ => CodePointClass.Word(pattern),
    };

    private static (string Name, int Next) ReadPropertyName(string pattern, int i)
    {
        if (i + 2 < pattern.Length && pattern[i + 2] == '{')
        {
            var close = pattern.IndexOf('}', i + 3);
            if (close < 0) throw new ArgumentException($"unterminated \\p{{ at index {i} in pattern {pattern}");
            var name = pattern.Substring(i + 3, close - i - 3);
            if (name.StartsWith('^')) throw new ArgumentException($"negated property \\p{{^..}} is not supported in pattern {pattern}");
            return (name, close + 1);
        }
        if (i + 2 < pattern.Length) return (pattern[i + 2].ToString(), i + 3);
        throw new ArgumentException($"incomplete \\p at index {i} in pattern {pattern}");
    }

    /// <summary>Reads a single-code-point escape (\n, \x41, \x{1F600}, \u0041, \., ...).</summary>
    private static (int CodePoint, int Next) ReadEscapedCodePoint(string pattern, int i)
    {
        var e = pattern[i + 1];
        switch (e)
        {
            case 'n': return ('\n', i + 2);
            case 'r': return ('\r', i + 2);
            case 't': return ('\t', i + 2);
            case 'f': return ('\f', i + 2);
            case 'v': return ('\v', i + 2);
            case 'a': return ('\a', i + 2);
            case 'e': return (0x1B, i + 2);
            case '0': return (0, i + 2);
            case 'x' when i + 2 < pattern.Length && pattern[i + 2] == '{':
                {
                    var close = pattern.IndexOf('}', i + 3);
                    return (int.Parse(pattern.AsSpan(i + 3, close - i - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture), close + 1);
                }
            case 'x': return (int.Parse(pattern.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture), i + 4);
            case 'u': return (int.Parse(pattern.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture), i + 6);
            default:
                if (char.IsAsciiLetterOrDigit(e))
                    throw new ArgumentException($"unsupported escape \\{e} at index {i} in pattern {pattern}");
                return (pattern.ConvertToUtf32OrSelf(i + 1, out var width), i + 1 + width);
        }
    }

    private static (CodePointClass Class, int Next) ParseClass(string pattern, int start, bool ignoreCase)
    {
        var cls = new CodePointClass();
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^') { cls.Negated = true; i++; }
        var first = true;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            first = false;
            if (pattern[i] == '[')
                throw new ArgumentException($"nested character classes at index {i} are not supported in pattern {pattern}");
            if (pattern[i] == '&' && i + 1 < pattern.Length && pattern[i + 1] == '&')
                throw new ArgumentException($"class intersection at index {i} is not supported in pattern {pattern}");
            int lo;
            if (pattern[i] == '\\')
            {
                var e = pattern[i + 1];
                if (e is 'p' or 'P')
                {
                    var (name, next) = ReadPropertyName(pattern, i);
                    cls.AddCategory(name, e == 'P', pattern);
                    i = next;
                    continue;
                }
                if (e is 's' or 'd' or 'w')
                {
                    cls.AddClass(Shorthand(e, pattern));
                    i += 2;
                    continue;
                }
                if (e is 'S' or 'D' or 'W')
                    throw new ArgumentException($"negated shorthand \\{e} inside a class is not supported in pattern {pattern}");
                (lo, i) = ReadEscapedCodePoint(pattern, i);
            }
            else
            {
                lo = pattern.ConvertToUtf32OrSelf(i, out var width);
                i += width;
            }
            var hi = lo;
            if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
            {
                i++;
                if (pattern[i] == '\\') (hi, i) = ReadEscapedCodePoint(pattern, i);
                else
                {
                    hi = pattern.ConvertToUtf32OrSelf(i, out var width);
                    i += width;
                }
            }
            AddCodePointRange(cls, lo, hi, ignoreCase);
        }
        if (i >= pattern.Length) throw new ArgumentException($"unterminated character class at index {start} in pattern {pattern}");
        return (cls, i + 1);
    }

    private static void AddCodePointRange(CodePointClass cls, int lo, int hi, bool ignoreCase)
    {
        if (hi > 0xFFFF)
        {
            // Astral ranges are held only for the code-point test; the BMP rendering sees the part below.
            if (lo <= 0xFFFF) cls.AddRange(lo, 0xFFFF);
            cls.AddAstralRange(Math.Max(lo, 0x10000), hi);
        }
        else cls.AddRange(lo, hi);
        if (!ignoreCase) return;
        for (var cp = Math.Max(lo, 'A'); cp <= Math.Min(hi, 'z'); cp++)
        {
            if (!char.IsAsciiLetter((char)cp)) continue;
            var other = char.IsAsciiLetterUpper((char)cp) ? char.ToLowerInvariant((char)cp) : char.ToUpperInvariant((char)cp);
            cls.AddRange(other, other);
        }
    }
}
