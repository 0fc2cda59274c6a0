using System.Globalization;
using System.Text;

namespace Halos.Templates.Values;

/// <summary>
/// Python's printf-style <c>"%s" % value</c> (and the <c>format</c> filter): %s, %r, %d/%i, %f with
/// precision, %x, and %%. A tuple/list right-hand side supplies several arguments; a dict supplies
/// <c>%(name)s</c> keys.
/// </summary>
public static class PercentFormat
{
    public static string Apply(string format, object? arguments)
    {
        var positional = arguments is List<object?> list ? list : [arguments];
        var named = arguments as OrderedDictionary<string, object?>;
        var builder = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%') { builder.Append(c); continue; }
            if (++i >= format.Length) throw new ValueOperationException("incomplete format");
            if (format[i] == '%') { builder.Append('%'); continue; }

            object? value;
            if (format[i] == '(')
            {
                int close = format.IndexOf(')', i);
                if (close < 0 || named is null) throw new ValueOperationException("format requires a mapping");
                string key = format[(i + 1)..close];
                value = named.TryGetValue(key, out var v) ? v : throw new ValueOperationException($"format key '{key}' missing");
                i = close + 1;
            }
            else
            {
                if (next >= positional.Count) throw new ValueOperationException("not enough arguments for format string");
                value = positional[next++];
            }

            int specStart = i;
            while (i < format.Length && "-+ 0#.123456789".Contains(format[i])) i++;
            if (i >= format.Length) throw new ValueOperationException("incomplete format");
            string spec = format[specStart..i];
            builder.Append(Convert(format[i], spec, value));
        }
        return builder.ToString();
    }

    static string Convert(char conversion, string spec, object? value)
    {
        int dot = spec.IndexOf('.');
        int? precision = dot >= 0 ? int.Parse(spec[(dot + 1)..] is { Length: > 0 } p ? p : "0", CultureInfo.InvariantCulture) : null;
        string widthText = (dot >= 0 ? spec[..dot] : spec).TrimStart('-', '+', ' ', '0', '#');
        int width = widthText.Length > 0 ? int.Parse(widthText, CultureInfo.InvariantCulture) : 0;
        string text = conversion switch
        {
            's' => PythonText.Str(value),
            'r' => PythonText.Repr(value),
            'd' or 'i' => ((long)Math.Truncate(PythonType.ToDouble(value))).ToString(CultureInfo.InvariantCulture),
            'f' or 'F' => PythonType.ToDouble(value).ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
            'x' => PythonType.ToInteger(value).ToString("x", CultureInfo.InvariantCulture),
            'X' => PythonType.ToInteger(value).ToString("X", CultureInfo.InvariantCulture),
            _ => throw new ValueOperationException($"unsupported format character '{conversion}'"),
        };
        if (text.Length >= width) return text;
        bool leftAlign = spec.StartsWith('-');
        bool zeroPad = spec.StartsWith('0') && conversion != 's';
        return leftAlign ? text.PadRight(width) : text.PadLeft(width, zeroPad ? '0' : ' ');
    }
}
