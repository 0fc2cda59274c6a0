using System.Text;
using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>Python <c>str.format</c>: <c>{}</c>, <c>{0}</c>, <c>{name}</c>, <c>{{</c>/<c>}}</c>; format specs other than empty are not supported.</summary>
public static class BraceFormat
{
    public static string Apply(string format, Arguments arguments)
    {
        var builder = new StringBuilder();
        int automatic = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{') { builder.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}') { builder.Append('}'); i++; continue; }
            if (c != '{') { builder.Append(c); continue; }
            int close = format.IndexOf('}', i);
            if (close < 0) throw new ValueOperationException("Single '{' encountered in format string");
            string field = format[(i + 1)..close];
            int colon = field.IndexOf(':');
            if (colon >= 0)
            {
                if (colon != field.Length - 1) throw new ValueOperationException($"format spec '{field[(colon + 1)..]}' is not supported");
                field = field[..colon];
            }
            object? value = field.Length == 0 ? arguments.Get(automatic++, "\0", Undefined.Instance)
                : int.TryParse(field, out var index) ? arguments.Get(index, "\0", Undefined.Instance)
                : arguments.Named.TryGetValue(field, out var named) ? named
                : throw new ValueOperationException($"format field '{field}' has no argument");
            if (value is Undefined) throw new ValueOperationException($"format field '{{{field}}}' has no argument");
            builder.Append(PythonText.Str(value));
            i = close;
        }
        return builder.ToString();
    }
}
