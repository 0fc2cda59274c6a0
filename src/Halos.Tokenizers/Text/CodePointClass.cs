using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Halos.Tokenizers.Text;

/// <summary>
/// A regex character class over Unicode code points (as Oniguruma and the Rust tokenizers see
/// it), rendered for .NET's UTF-16 regex engine. .NET tests \p{L} on single UTF-16 units, so an
/// astral letter such as U+20000 (a surrogate pair) would never match; the rendering therefore adds
/// explicit surrogate-pair alternatives for every astral code point the class contains.
/// </summary>
internal sealed class CodePointClass
{
    private static readonly ConcurrentDictionary<string, string> AstralCache = new();

    private readonly List<(int Lo, int Hi)> _ranges = new();
    private readonly List<(UnicodeCategory[] Categories, bool Negated)> _categories = new();
    private readonly StringBuilder _netItems = new();
    private readonly StringBuilder _astralKey = new();

    public bool Negated { get; set; }

    public void AddRange(int lo, int hi)
    {
        _ranges.Add((lo, hi));
        _netItems.Append(Escape(lo));
        if (hi != lo) _netItems.Append('-').Append(Escape(hi));
    }

    /// <summary>An astral range: tested per code point, rendered only as surrogate-pair alternatives.</summary>
    public void AddAstralRange(int lo, int hi)
    {
        _ranges.Add((lo, hi));
        _astralKey.Append(lo).Append('-').Append(hi).Append(';');
    }

    public void AddCategory(string name, bool negated, string pattern)
    {
        var categories = UnicodeCategoryNames.Resolve(name)
            ?? throw new ArgumentException($"unsupported Unicode property \\p{{{name}}} in pattern {pattern}");
        _categories.Add((categories, negated));
        _netItems.Append(negated ? "\\P{" : "\\p{").Append(UnicodeCategoryNames.NetName(name)).Append('}');
    }

    /// <summary>Adds every code point of another class (used for \s, \d, \w inside brackets).</summary>
    public void AddClass(CodePointClass other)
    {
        if (other.Negated) throw new ArgumentException("negated shorthand classes inside brackets are not supported");
        _ranges.AddRange(other._ranges);
        _categories.AddRange(other._categories);
        _netItems.Append(other._netItems);
        _astralKey.Append(other._astralKey);
    }

    public bool Contains(int codePoint)
    {
        var hit = false;
        foreach (var (lo, hi) in _ranges)
            if (codePoint >= lo && codePoint <= hi) { hit = true; break; }
        if (!hit && _categories.Count > 0)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
            foreach (var (categories, negated) in _categories)
                if (Array.IndexOf(categories, category) >= 0 != negated) { hit = true; break; }
        }
        return hit != Negated;
    }

    /// <summary>The .NET regex text matching exactly one code point of this class.</summary>
    public string ToNetRegex(bool astral = true)
    {
        if (!astral)
        {
            if (_netItems.Length == 0) return Negated ? "[\\s\\S]" : "(?!)";
            return $"[{(Negated ? "^" : "")}{_netItems}]";
        }
        var bmp = _netItems.Length == 0 && !Negated
            ? null
            : $"[{(Negated ? "^" : "")}{(_netItems.Length == 0 ? "\\uD800-\\uDFFF" : _netItems.ToString())}-[\\uD800-\\uDFFF]]";
        if (_netItems.Length == 0 && Negated) bmp = "[^\\uD800-\\uDFFF]";
        var key = (Negated ? "^" : "") + _netItems + "|" + _astralKey;
        var astralAlternatives = AstralCache.GetOrAdd(key, _ => AstralAlternatives());
        if (astralAlternatives.Length == 0) return bmp ?? "(?!)";
        if (bmp is null) return $"(?:{astralAlternatives})";
        return $"(?:{bmp}|{astralAlternatives})";
    }

    // One alternative per run of high surrogates that share the same low-surrogate ranges.
    private string AstralAlternatives()
    {
        var perHigh = new string[0x400];
        var lows = new StringBuilder();
        for (var high = 0; high < 0x400; high++)
        {
            lows.Clear();
            var baseCp = 0x10000 + (high << 10);
            var runStart = -1;
            for (var low = 0; low <= 0x400; low++)
            {
                var inside = low < 0x400 && Contains(baseCp + low);
                if (inside && runStart < 0) runStart = low;
                if (!inside && runStart >= 0)
                {
                    lows.Append(Escape(0xDC00 + runStart));
                    if (low - 1 != runStart) lows.Append('-').Append(Escape(0xDC00 + low - 1));
                    runStart = -1;
                }
            }
            perHigh[high] = lows.ToString();
        }
        var result = new StringBuilder();
        for (var high = 0; high < 0x400;)
        {
            var end = high;
            while (end + 1 < 0x400 && perHigh[end + 1] == perHigh[high]) end++;
            if (perHigh[high].Length > 0)
            {
                if (result.Length > 0) result.Append('|');
                result.Append('[').Append(Escape(0xD800 + high));
                if (end != high) result.Append('-').Append(Escape(0xD800 + end));
                result.Append("][").Append(perHigh[high]).Append(']');
            }
            high = end + 1;
        }
        return result.ToString();
    }

    private static string Escape(int codePoint) =>
        codePoint <= 0xFFFF ? $"\\u{codePoint:X4}" : throw new ArgumentException("astral range endpoints must be escaped as pairs");

    /// <summary>Unicode White_Space, which Oniguruma's \s matches (and .NET's \s matches too).</summary>
    public static CodePointClass Whitespace()
    {
        var c = new CodePointClass();
        c.AddRange(0x09, 0x0D); c.AddRange(0x20, 0x20); c.AddRange(0x85, 0x85); c.AddRange(0xA0, 0xA0);
        c.AddRange(0x1680, 0x1680); c.AddRange(0x2000, 0x200A); c.AddRange(0x2028, 0x2029);
        c.AddRange(0x202F, 0x202F); c.AddRange(0x205F, 0x205F); c.AddRange(0x3000, 0x3000);
        return c;
    }

    public static CodePointClass Digit(string pattern)
    {
        var c = new CodePointClass();
        c.AddCategory("Nd", false, pattern);
        return c;
    }

    public static CodePointClass Word(string pattern)
    {
        var c = new CodePointClass();
        foreach (var name in new[] { "L", "Nl", "M", "Nd", "Pc" }) c.AddCategory(name, false, pattern);
        return c;
    }
}
