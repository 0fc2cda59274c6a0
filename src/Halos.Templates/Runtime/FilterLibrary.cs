using System.Globalization;
using System.Text;
using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>
/// The Jinja filters (<c>value | name(args)</c>) that chat templates use. Argument names follow
/// Jinja's signatures so both <c>tojson(2)</c> and <c>tojson(indent=2)</c> work.
/// </summary>
public static class FilterLibrary
{
    static readonly Dictionary<string, Func<object?, Arguments, object?>> Filters = new()
    {
        ["trim"] = (v, a) => StringMethods.Strip(Text(v), a.Get(0, "chars"), true, true),
        ["tojson"] = ToJson,
        ["length"] = (v, _) => Iteration.Length(v),
        ["count"] = (v, _) => Iteration.Length(v),
        ["upper"] = (v, _) => Text(v).ToUpperInvariant(),
        ["lower"] = (v, _) => Text(v).ToLowerInvariant(),
        ["title"] = (v, _) => Title(Text(v)),
        ["capitalize"] = (v, _) => StringMethods.Capitalize(Text(v)),
        ["center"] = (v, a) => StringMethods.Center(Text(v), (int)PythonType.ToInteger(a.Get(0, "width", 80L))),
        ["default"] = Default,
        ["d"] = Default,
        ["join"] = Join,
        ["items"] = (v, _) => v is Undefined ? new List<object?>()
            : ((OrderedDictionary<string, object?>)RequireDict(v, "items")).Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList(),
        ["first"] = (v, _) => Iteration.ToList(v) is { Count: > 0 } list ? list[0] : Undefined.Instance,
        ["last"] = (v, _) => Iteration.ToList(v) is { Count: > 0 } list ? list[^1] : Undefined.Instance,
        ["list"] = (v, _) => Iteration.ToList(v),
        ["string"] = (v, _) => Text(v),
        ["int"] = ToInt,
        ["float"] = ToFloat,
        ["abs"] = (v, _) => v switch { long l => (object)Math.Abs(l), double d => Math.Abs(d), bool b => b ? 1L : 0L, _ => throw Bad("abs", v) },
        ["round"] = Round,
        ["replace"] = (v, a) => StringMethods.TryBind(Text(v), "replace")!.Invoke(a),
        ["safe"] = (v, _) => v,
        ["e"] = (v, _) => Escape(v),
        ["escape"] = (v, _) => Escape(v),
        ["forceescape"] = (v, _) => Escape(v),
        ["map"] = Map,
        ["select"] = (v, a) => SelectByTest(v, a, keep: true, byAttribute: false),
        ["reject"] = (v, a) => SelectByTest(v, a, keep: false, byAttribute: false),
        ["selectattr"] = (v, a) => SelectByTest(v, a, keep: true, byAttribute: true),
        ["rejectattr"] = (v, a) => SelectByTest(v, a, keep: false, byAttribute: true),
        ["unique"] = Unique,
        ["reverse"] = (v, _) => v is string s ? new string(s.Reverse().ToArray()) : Enumerable.Reverse(Iteration.ToList(v)).ToList(),
        ["sort"] = Sort,
        ["dictsort"] = DictSort,
        ["indent"] = Indent,
        ["wordcount"] = (v, _) => (long)Text(v).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
        ["batch"] = Batch,
        ["max"] = (v, a) => Extreme(v, a, pickLarger: true),
        ["min"] = (v, a) => Extreme(v, a, pickLarger: false),
        ["sum"] = Sum,
        ["format"] = (v, a) => PercentFormat.Apply(Text(v), a.Positional.Count == 1 ? a.Positional[0] : a.Positional.ToList()),
        ["pprint"] = (v, _) => PythonText.Repr(v),
        ["attr"] = (v, a) => ValueAccess.GetAttribute(v, Text(a.Get(0, "name"))),
        ["truncate"] = Truncate,
        ["striptags"] = (v, _) => System.Text.RegularExpressions.Regex.Replace(Text(v), "<[^>]*>", "").Trim(),
    };

    public static bool IsKnown(string name) => Filters.ContainsKey(name);

    public static object? Apply(string name, object? value, Arguments arguments)
    {
        if (!Filters.TryGetValue(name, out var filter)) throw new ValueOperationException($"unknown filter '{name}'");
        return filter(value, arguments);
    }

    static string Text(object? value) => PythonText.Str(value);

    static ValueOperationException Bad(string filter, object? value) =>
        new($"filter '{filter}' cannot be applied to a {PythonType.NameOf(value)}");

    static object RequireDict(object? value, string filter) =>
        value as OrderedDictionary<string, object?> ?? throw Bad(filter, value);

    static object? ToJson(object? value, Arguments arguments)
    {
        int? indent = arguments.Get(0, "indent") is { } i and not Undefined ? (int)PythonType.ToInteger(i) : null;
        bool ensureAscii = Truthiness.IsTrue(arguments.Get(-1, "ensure_ascii", false));
        bool sortKeys = Truthiness.IsTrue(arguments.Get(-1, "sort_keys", false));
        return JsonText.Serialize(value, indent, ensureAscii, sortKeys);
    }

    static object? Default(object? value, Arguments arguments)
    {
        bool boolean = Truthiness.IsTrue(arguments.Get(1, "boolean", false));
        bool useDefault = value is Undefined || (boolean && !Truthiness.IsTrue(value));
        return useDefault ? arguments.Get(0, "default_value", "") : value;
    }

    static object? Join(object? value, Arguments arguments)
    {
        string separator = Text(arguments.Get(0, "d", ""));
        var items = Iteration.ToList(value);
        if (arguments.Get(1, "attribute") is string attribute)
            items = items.Select(x => ValueAccess.GetPath(x, attribute)).ToList();
        return string.Join(separator, items.Select(Text));
    }

    /// <summary>Jinja's title filter: upper-case the first letter after a space, dash or opening bracket.</summary>
    static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        bool wordStart = true;
        foreach (char c in s)
        {
            builder.Append(wordStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            wordStart = char.IsWhiteSpace(c) || c is '-' or '(' or '{' or '[' or '<';
        }
        return builder.ToString();
    }

    static object? ToInt(object? value, Arguments arguments)
    {
        object? fallback = arguments.Get(0, "default", 0L);
        int numberBase = (int)PythonType.ToInteger(arguments.Get(1, "base", 10L));
        switch (value)
        {
            case long or bool: return PythonType.ToInteger(value);
            case double d: return double.IsFinite(d) ? (long)Math.Truncate(d) : fallback;
            case string s:
                s = s.Trim().Replace("_", "");
                try
                {
                    if (numberBase == 10)
                    {
                        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)) return (long)Math.Truncate(f);
                        return fallback;
                    }
                    return Convert.ToInt64(s, numberBase);
                }
                catch (FormatException) { return fallback; }
            default: return fallback;
        }
    }

    static object? ToFloat(object? value, Arguments arguments)
    {
        object? fallback = arguments.Get(0, "default", 0.0);
        return value switch
        {
            long or bool or double => PythonType.ToDouble(value),
            string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => fallback,
        };
    }

    static object? Round(object? value, Arguments arguments)
    {
        double number = PythonType.ToDouble(value);
        int precision = (int)PythonType.ToInteger(arguments.Get(0, "precision", 0L));
        string method = Text(arguments.Get(1, "method", "common"));
        double scale = Math.Pow(10, precision);
        return method switch
        {
            "common" => Math.Round(number, Math.Clamp(precision, 0, 15), MidpointRounding.ToEven),
            "ceil" => Math.Ceiling(number * scale) / scale,
            "floor" => Math.Floor(number * scale) / scale,
            _ => throw new ValueOperationException($"round method must be 'common', 'ceil' or 'floor', not '{method}'"),
        };
    }

    /// <summary>HTML escaping as markupsafe does it (quotes become numeric entities).</summary>
    static string Escape(object? value) => Text(value)
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&#34;").Replace("'", "&#39;");

    static object? Map(object? value, Arguments arguments)
    {
        var items = Iteration.ToList(value);
        if (arguments.Named.TryGetValue("attribute", out var attribute))
        {
            arguments.Named.TryGetValue("default", out var fallback);
            return items.Select(x => ValueAccess.GetPath(x, Text(attribute)) is var v && v is Undefined && arguments.Named.ContainsKey("default") ? fallback : v).ToList();
        }
        if (arguments.Positional.Count == 0) throw new ValueOperationException("map needs a filter name or attribute=");
        string filter = Text(arguments.Positional[0]);
        var rest = new Arguments(arguments.Positional.Skip(1).ToList(), arguments.Named);
        return items.Select(x => Apply(filter, x, rest)).ToList();
    }

    static object? SelectByTest(object? value, Arguments arguments, bool keep, bool byAttribute)
    {
        var items = Iteration.ToList(value);
        var positional = arguments.Positional;
        int offset = byAttribute ? 1 : 0;
        string? attribute = byAttribute ? Text(positional.ElementAtOrDefault(0)) : null;
        string? test = positional.Count > offset ? Text(positional[offset]) : null;
        var testArguments = positional.Skip(offset + 1).ToList();
        return items.Where(item =>
        {
            var subject = attribute is null ? item : ValueAccess.GetPath(item, attribute);
            bool passed = test is null ? Truthiness.IsTrue(subject) : TestLibrary.Apply(test, subject, testArguments);
            return passed == keep;
        }).ToList();
    }

    static object? SortKey(object? item, string? attribute, bool caseSensitive)
    {
        var key = attribute is null ? item : ValueAccess.GetPath(item, attribute);
        return !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
    }

    static object? Unique(object? value, Arguments arguments)
    {
        bool caseSensitive = Truthiness.IsTrue(arguments.Get(0, "case_sensitive", false));
        string? attribute = arguments.Get(1, "attribute") as string;
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in Iteration.ToList(value))
        {
            var key = SortKey(item, attribute, caseSensitive);
            if (seen.Any(k => ValueEquality.Equals(k, key))) continue;
            seen.Add(key);
            result.Add(item);
        }
        return result;
    }

    static object? Sort(object? value, Arguments arguments)
    {
        bool reverse = Truthiness.IsTrue(arguments.Get(0, "reverse", false));
        bool caseSensitive = Truthiness.IsTrue(arguments.Get(1, "case_sensitive", false));
        string? attribute = arguments.Get(2, "attribute") as string;
        var items = Iteration.ToList(value);
        var sorted = items.Select((item, index) => (item, index, key: SortKey(item, attribute, caseSensitive))).ToList();
        sorted.Sort((a, b) =>
        {
            int order = ValueOrdering.Compare(a.key, b.key) * (reverse ? -1 : 1);
            return order != 0 ? order : a.index.CompareTo(b.index);
        });
        return sorted.Select(x => x.item).ToList();
    }

    static object? DictSort(object? value, Arguments arguments)
    {
        var dict = (OrderedDictionary<string, object?>)RequireDict(value, "dictsort");
        bool caseSensitive = Truthiness.IsTrue(arguments.Get(0, "case_sensitive", false));
        string by = Text(arguments.Get(1, "by", "key"));
        bool reverse = Truthiness.IsTrue(arguments.Get(2, "reverse", false));
        var pairs = dict.Select(p => new List<object?> { p.Key, p.Value }).ToList();
        int column = by == "value" ? 1 : 0;
        var ordered = pairs.OrderBy(p => SortKey(p[column], null, caseSensitive), Comparer<object?>.Create(ValueOrdering.Compare)).ToList();
        if (reverse) ordered.Reverse();
        return ordered.Cast<object?>().ToList();
    }

    static object? Indent(object? value, Arguments arguments)
    {
        string text = Text(value);
        var width = arguments.Get(0, "width", 4L);
        string pad = width is string s ? s : new string(' ', (int)PythonType.ToInteger(width));
        bool first = Truthiness.IsTrue(arguments.Get(1, "first", false));
        bool blank = Truthiness.IsTrue(arguments.Get(2, "blank", false));
        var lines = text.Split('\n');
        var builder = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            if (i > 0) builder.Append('\n');
            bool indentThis = i == 0 ? first : (blank || lines[i].Trim().Length > 0);
            if (indentThis) builder.Append(pad);
            builder.Append(lines[i]);
        }
        return builder.ToString();
    }

    static object? Batch(object? value, Arguments arguments)
    {
        int size = (int)PythonType.ToInteger(arguments.Get(0, "linecount"));
        if (size <= 0) throw new ValueOperationException("batch size must be positive");
        bool fill = arguments.Has(1, "fill_with");
        var filler = arguments.Get(1, "fill_with");
        var batches = Iteration.ToList(value).Chunk(size).Select(chunk =>
        {
            var batch = chunk.ToList();
            while (fill && batch.Count < size) batch.Add(filler);
            return (object?)batch;
        });
        return batches.ToList();
    }

    static object? Extreme(object? value, Arguments arguments, bool pickLarger)
    {
        bool caseSensitive = Truthiness.IsTrue(arguments.Get(0, "case_sensitive", false));
        string? attribute = arguments.Get(1, "attribute") as string;
        var items = Iteration.ToList(value);
        if (items.Count == 0) return Undefined.Instance;
        var best = items[0];
        foreach (var item in items.Skip(1))
        {
            int order = ValueOrdering.Compare(SortKey(item, attribute, caseSensitive), SortKey(best, attribute, caseSensitive));
            if (pickLarger ? order > 0 : order < 0) best = item;
        }
        return best;
    }

    static object? Sum(object? value, Arguments arguments)
    {
        string? attribute = arguments.Get(0, "attribute") as string;
        object? total = arguments.Get(1, "start", 0L);
        foreach (var item in Iteration.ToList(value))
            total = Arithmetic.Add(total, attribute is null ? item : ValueAccess.GetPath(item, attribute));
        return total;
    }

    static object? Truncate(object? value, Arguments arguments)
    {
        string text = Text(value);
        int length = (int)PythonType.ToInteger(arguments.Get(0, "length", 255L));
        bool killWords = Truthiness.IsTrue(arguments.Get(1, "killwords", false));
        string end = Text(arguments.Get(2, "end", "..."));
        int leeway = (int)PythonType.ToInteger(arguments.Get(3, "leeway", 5L));
        if (text.Length <= length + leeway) return text;
        if (killWords) return text[..Math.Max(0, length - end.Length)] + end;
        string cut = text[..Math.Max(0, length - end.Length)];
        int space = cut.LastIndexOf(' ');
        return (space >= 0 ? cut[..space] : cut) + end;
    }
}
