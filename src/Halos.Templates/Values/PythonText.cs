using System.Globalization;
using System.Text;

namespace Halos.Templates.Values;

/// <summary>
/// Turns values into text the way Python's <c>str()</c> and <c>repr()</c> do, because chat
/// templates were written against Python Jinja: <c>True</c>, <c>None</c>, <c>1.0</c>, <c>['x']</c>, <c>{'a': 1}</c>.
/// </summary>
public static class PythonText
{
    /// <summary>Python <c>str(value)</c>; undefined prints as empty.</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        Undefined => "",
        _ => Repr(value),
    };

    /// <summary>Python <c>repr(value)</c>, used for items inside printed lists and dicts.</summary>
    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value);
        return builder.ToString();
    }

    static void AppendRepr(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null: builder.Append("None"); break;
            case Undefined: break;
            case bool b: builder.Append(b ? "True" : "False"); break;
            case long l: builder.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: builder.Append(FormatFloat(d)); break;
            case string s: AppendStringRepr(builder, s); break;
            case List<object?> list:
                builder.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    AppendRepr(builder, list[i]);
                }
                builder.Append(']');
                break;
            case OrderedDictionary<string, object?> dict:
                builder.Append('{');
                bool first = true;
                foreach (var (key, item) in dict)
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    AppendStringRepr(builder, key);
                    builder.Append(": ");
                    AppendRepr(builder, item);
                }
                builder.Append('}');
                break;
            case Namespace ns:
                builder.Append("<Namespace ");
                AppendRepr(builder, new OrderedDictionary<string, object?>(ns.Attributes));
                builder.Append('>');
                break;
            default: builder.Append(value.ToString()); break;
        }
    }

    /// <summary>Python's string repr: single quotes unless the text holds a single quote and no double quote.</summary>
    static void AppendStringRepr(StringBuilder builder, string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        builder.Append(quote);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c == quote) builder.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) builder.Append("\\x").Append(((int)c).ToString("x2"));
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append(quote);
    }

    /// <summary>
    /// Python <c>repr(float)</c>: the shortest round-trip digits, fixed notation for exponents in
    /// [-4, 16), scientific otherwise, and always a <c>.0</c> on integral values.
    /// </summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        var (negative, digits, pointPosition) = ShortestDigits(value);
        int exponent = pointPosition - 1;
        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        if (exponent >= -4 && exponent < 16)
        {
            if (pointPosition <= 0)
                builder.Append("0.").Append('0', -pointPosition).Append(digits);
            else if (pointPosition >= digits.Length)
                builder.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            else
                builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }
        else
        {
            builder.Append(digits[0]);
            if (digits.Length > 1) builder.Append('.').Append(digits, 1, digits.Length - 1);
            builder.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Significant digits (no leading/trailing zeros) and where the decimal point sits: value = 0.DIGITS × 10^pointPosition.</summary>
    static (bool Negative, string Digits, int PointPosition) ShortestDigits(double value)
    {
        string roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        // "R" is the shortest round-trip form but may be fixed or scientific; normalise it.
        string mantissa = roundTrip;
        int exponent = 0;
        int e = roundTrip.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = roundTrip[..e];
            exponent = int.Parse(roundTrip[(e + 1)..], CultureInfo.InvariantCulture);
        }
        int dot = mantissa.IndexOf('.');
        string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        string fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        string all = intPart + fracPart;
        int point = intPart.Length + exponent;
        int leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0') { leading++; point--; }
        all = all[leading..].TrimEnd('0');
        if (all.Length == 0) all = "0";
        return (value < 0, all, point);
    }
}
