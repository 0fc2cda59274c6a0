using System.Globalization;
using System.Text;

namespace Halos.Templates.Values;

/// <summary>
/// Python <c>json.dumps</c> as transformers' <c>tojson</c> filter calls it: keys in insertion order,
/// <c>", "</c>/<c>": "</c> separators (or <c>","</c> plus newlines with an indent), floats in Python
/// form (<c>1.0</c>), and non-ASCII text left as-is unless <c>ensureAscii</c> asks for <c>\uXXXX</c>.
/// </summary>
public static class JsonText
{
    public static string Serialize(object? value, int? indent = null, bool ensureAscii = false, bool sortKeys = false)
    {
        var builder = new StringBuilder();
        Write(builder, value, indent, ensureAscii, sortKeys, 0);
        return builder.ToString();
    }

    static void Write(StringBuilder builder, object? value, int? indent, bool ensureAscii, bool sortKeys, int depth)
    {
        switch (value)
        {
            case null or Undefined: builder.Append("null"); break;
            case bool b: builder.Append(b ? "true" : "false"); break;
            case long l: builder.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d:
                builder.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : PythonText.FormatFloat(d));
                break;
            case string s: WriteString(builder, s, ensureAscii); break;
            case List<object?> list:
                WriteContainer(builder, '[', ']', list.Count, indent, depth, i =>
                    Write(builder, list[i], indent, ensureAscii, sortKeys, depth + 1));
                break;
            case OrderedDictionary<string, object?> dict:
                var entries = dict.ToList();
                if (sortKeys) entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                WriteContainer(builder, '{', '}', entries.Count, indent, depth, i =>
                {
                    WriteString(builder, entries[i].Key, ensureAscii);
                    builder.Append(": ");
                    Write(builder, entries[i].Value, indent, ensureAscii, sortKeys, depth + 1);
                });
                break;
            case Namespace ns:
                Write(builder, new OrderedDictionary<string, object?>(ns.Attributes), indent, ensureAscii, sortKeys, depth);
                break;
            default:
                throw new ValueOperationException($"Object of type {PythonType.NameOf(value)} is not JSON serializable");
        }
    }

    static void WriteContainer(StringBuilder builder, char open, char close, int count, int? indent, int depth, Action<int> writeItem)
    {
        builder.Append(open);
        if (count == 0) { builder.Append(close); return; }
        for (int i = 0; i < count; i++)
        {
            if (i > 0) builder.Append(indent is null ? ", " : ",");
            if (indent is { } width) builder.Append('\n').Append(' ', width * (depth + 1));
            writeItem(i);
        }
        if (indent is { } w) builder.Append('\n').Append(' ', w * depth);
        builder.Append(close);
    }

    static void WriteString(StringBuilder builder, string s, bool ensureAscii)
    {
        builder.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e))
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }
}
