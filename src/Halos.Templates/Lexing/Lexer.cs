using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Halos.Templates.Lexing;

/// <summary>
/// Splits template source into text and tag tokens, applying whitespace control as it goes:
/// <c>{%-</c>/<c>-%}</c> strip neighbouring whitespace, lstrip_blocks removes indentation before a
/// block or comment tag on its own line, trim_blocks drops the newline right after one, and
/// <c>{%+</c>/<c>+%}</c> opt a tag out of those two.
/// </summary>
public sealed partial class Lexer
{
    readonly string source;
    readonly WhitespaceOptions options;
    readonly SourceMap map;
    readonly List<Token> tokens = [];

    Lexer(string source, WhitespaceOptions options)
    {
        source = source.Replace("\r\n", "\n");
        if (!options.KeepTrailingNewline && source.EndsWith('\n')) source = source[..^1];
        this.source = source;
        this.options = options;
        map = new SourceMap(source);
    }

    public static List<Token> Tokenize(string source, WhitespaceOptions? options = null)
    {
        var lexer = new Lexer(source, options ?? WhitespaceOptions.HuggingFace);
        lexer.Run();
        return lexer.tokens;
    }

    void Run()
    {
        int pos = 0;
        bool stripLeading = false;
        while (true)
        {
            if (stripLeading)
            {
                while (pos < source.Length && char.IsWhiteSpace(source[pos])) pos++;
                stripLeading = false;
            }
            int tagStart = FindTagStart(pos);
            string text = source[pos..(tagStart < 0 ? source.Length : tagStart)];
            if (tagStart < 0)
            {
                EmitText(text, pos);
                break;
            }

            char kind = source[tagStart + 1];
            char modifier = tagStart + 2 < source.Length ? source[tagStart + 2] : '\0';
            if (modifier == '-') text = text.TrimEnd();
            else if (modifier != '+' && kind != '{' && options.LstripBlocks) text = StripIndentation(text, pos);
            EmitText(text, pos);

            int bodyStart = tagStart + 2 + (modifier is '-' or '+' ? 1 : 0);
            var (end, rightStrip, trimNewline) = kind switch
            {
                '#' => LexComment(tagStart, bodyStart),
                '%' when IsRawBlock(bodyStart) => LexRaw(tagStart),
                '%' => LexTag(tagStart, bodyStart, isBlock: true),
                _ => LexTag(tagStart, bodyStart, isBlock: false),
            };
            pos = end;
            if (rightStrip) stripLeading = true;
            else if (trimNewline && options.TrimBlocks && pos < source.Length && source[pos] == '\n') pos++;
        }
        var (line, column) = map.Locate(source.Length);
        tokens.Add(new Token(TokenKind.EndOfTemplate, "", line, column));
    }

    int FindTagStart(int from)
    {
        for (int i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
            if (source[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    void EmitText(string text, int position)
    {
        if (text.Length == 0) return;
        var (line, column) = map.Locate(position);
        tokens.Add(new Token(TokenKind.Text, text, line, column));
    }

    /// <summary>lstrip_blocks: drop spaces/tabs between the start of the line and the tag.</summary>
    string StripIndentation(string text, int textStart)
    {
        int lineStart = text.LastIndexOf('\n') + 1;
        bool atLineStart = lineStart > 0 || textStart == 0 || source[textStart - 1] == '\n';
        if (!atLineStart) return text;
        for (int i = lineStart; i < text.Length; i++)
            if (text[i] is not (' ' or '\t')) return text;
        return text[..lineStart];
    }

    (int End, bool RightStrip, bool TrimNewline) LexComment(int tagStart, int bodyStart)
    {
        int close = source.IndexOf("#}", bodyStart, StringComparison.Ordinal);
        if (close < 0) throw Error("unclosed comment: missing '#}'", tagStart);
        bool rightStrip = close > bodyStart && source[close - 1] == '-';
        return (close + 2, rightStrip, true);
    }

    bool IsRawBlock(int bodyStart) => RawOpening().Match(source, bodyStart) is { Success: true } m && m.Index == bodyStart;

    (int End, bool RightStrip, bool TrimNewline) LexRaw(int tagStart)
    {
        var opening = RawOpening().Match(source, tagStart + 2);
        int contentStart = opening.Index + opening.Length;
        var closing = RawClosing().Match(source, contentStart);
        if (!closing.Success) throw Error("missing {% endraw %} for this raw block", tagStart);
        string content = source[contentStart..closing.Index];
        if (opening.Groups["strip"].Success) content = content.TrimStart();
        else if (options.TrimBlocks && content.StartsWith('\n')) content = content[1..];
        if (closing.Groups["strip"].Success) content = content.TrimEnd();
        EmitText(content, contentStart);
        return (closing.Index + closing.Length, closing.Groups["rstrip"].Success, true);
    }

    [GeneratedRegex(@"\G[-+]?\s*raw\s*(?<strip>-)?%\}")]
    private static partial Regex RawOpening();

    [GeneratedRegex(@"\{%(?<strip>-)?[+]?\s*endraw\s*(?<rstrip>-)?[+]?%\}")]
    private static partial Regex RawClosing();

    (int End, bool RightStrip, bool TrimNewline) LexTag(int tagStart, int bodyStart, bool isBlock)
    {
        Add(isBlock ? TokenKind.BlockBegin : TokenKind.VariableBegin, isBlock ? "{%" : "{{", tagStart);
        string close = isBlock ? "%}" : "}}";
        int depth = 0;
        int p = bodyStart;
        while (true)
        {
            while (p < source.Length && char.IsWhiteSpace(source[p])) p++;
            if (p >= source.Length)
                throw Error($"unclosed tag: missing '{close}'", tagStart);
            if (depth == 0)
            {
                if (At(p, "-" + close))
                {
                    Add(isBlock ? TokenKind.BlockEnd : TokenKind.VariableEnd, close, p);
                    return (p + 3, true, isBlock);
                }
                if (isBlock && At(p, "+%}"))
                {
                    Add(TokenKind.BlockEnd, close, p);
                    return (p + 3, false, false);
                }
                if (At(p, close))
                {
                    Add(isBlock ? TokenKind.BlockEnd : TokenKind.VariableEnd, close, p);
                    return (p + 2, false, isBlock);
                }
            }
            p = LexExpressionToken(p, ref depth);
        }
    }

    bool At(int p, string text) => string.CompareOrdinal(source, p, text, 0, text.Length) == 0;

    static readonly string[] TwoCharOperators = ["//", "**", "==", "!=", "<=", ">="];
    const string SingleCharOperators = "+-*/%~<>=()[]{},.:|";

    int LexExpressionToken(int p, ref int depth)
    {
        char c = source[p];
        if (char.IsLetter(c) || c == '_')
        {
            int start = p;
            while (p < source.Length && (char.IsLetterOrDigit(source[p]) || source[p] == '_')) p++;
            Add(TokenKind.Name, source[start..p], start);
            return p;
        }
        if (char.IsAsciiDigit(c)) return LexNumber(p);
        if (c is '\'' or '"') return LexString(p);
        foreach (var op in TwoCharOperators)
            if (At(p, op))
            {
                Add(TokenKind.Operator, op, p);
                return p + 2;
            }
        if (SingleCharOperators.Contains(c))
        {
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth = Math.Max(0, depth - 1);
            Add(TokenKind.Operator, c.ToString(), p);
            return p + 1;
        }
        throw Error($"unexpected character '{c}' in tag", p);
    }

    int LexNumber(int start)
    {
        int p = start;
        while (p < source.Length && (char.IsAsciiDigit(source[p]) || source[p] == '_')) p++;
        bool isFloat = false;
        if (p + 1 < source.Length && source[p] == '.' && char.IsAsciiDigit(source[p + 1]))
        {
            isFloat = true;
            p++;
            while (p < source.Length && (char.IsAsciiDigit(source[p]) || source[p] == '_')) p++;
        }
        if (p < source.Length && source[p] is 'e' or 'E')
        {
            int q = p + 1;
            if (q < source.Length && source[q] is '+' or '-') q++;
            if (q < source.Length && char.IsAsciiDigit(source[q]))
            {
                isFloat = true;
                p = q;
                while (p < source.Length && char.IsAsciiDigit(source[p])) p++;
            }
        }
        Add(isFloat ? TokenKind.Float : TokenKind.Integer, source[start..p].Replace("_", ""), start);
        return p;
    }

    /// <summary>A quoted string literal with Python escapes (\n, \t, \\, \', \", \xNN, \uNNNN).</summary>
    int LexString(int start)
    {
        char quote = source[start];
        var value = new StringBuilder();
        int p = start + 1;
        while (true)
        {
            if (p >= source.Length) throw Error("unterminated string literal", start);
            char c = source[p];
            if (c == quote) break;
            if (c == '\\' && p + 1 < source.Length)
            {
                char e = source[p + 1];
                p += 2;
                switch (e)
                {
                    case 'n': value.Append('\n'); break;
                    case 't': value.Append('\t'); break;
                    case 'r': value.Append('\r'); break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'v': value.Append('\v'); break;
                    case '0': value.Append('\0'); break;
                    case '\\' or '\'' or '"': value.Append(e); break;
                    case '\n': break;
                    case 'x' when p + 2 <= source.Length:
                        value.Append((char)int.Parse(source.AsSpan(p, 2), NumberStyles.HexNumber)); p += 2; break;
                    case 'u' when p + 4 <= source.Length:
                        value.Append((char)int.Parse(source.AsSpan(p, 4), NumberStyles.HexNumber)); p += 4; break;
                    default: value.Append('\\').Append(e); break;
                }
                continue;
            }
            value.Append(c);
            p++;
        }
        Add(TokenKind.String, value.ToString(), start);
        return p + 1;
    }

    void Add(TokenKind kind, string value, int position)
    {
        var (line, column) = map.Locate(position);
        tokens.Add(new Token(kind, value, line, column));
    }

    TemplateSyntaxException Error(string reason, int position)
    {
        var (line, column) = map.Locate(position);
        return new TemplateSyntaxException(reason, line, column);
    }
}
