using System.Text;
using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>The Python <c>str</c> methods chat templates call, e.g. <c>content.split('&lt;/think&gt;')[-1].lstrip('\n')</c>.</summary>
public static class StringMethods
{
    public static ICallable? TryBind(string s, string name) => name switch
    {
        "strip" => Bind(name, a => Strip(s, a.Get(0, "chars"), true, true)),
        "lstrip" => Bind(name, a => Strip(s, a.Get(0, "chars"), true, false)),
        "rstrip" => Bind(name, a => Strip(s, a.Get(0, "chars"), false, true)),
        "split" => Bind(name, a => Split(s, a.Get(0, "sep"), a.Get(1, "maxsplit", -1L))),
        "rsplit" => Bind(name, a => RightSplit(s, a.Get(0, "sep"), a.Get(1, "maxsplit", -1L))),
        "splitlines" => Bind(name, _ => SplitLines(s)),
        "startswith" => Bind(name, a => Affixes(a.Get(0, "prefix")).Any(p => s.StartsWith(p, StringComparison.Ordinal))),
        "endswith" => Bind(name, a => Affixes(a.Get(0, "suffix")).Any(p => s.EndsWith(p, StringComparison.Ordinal))),
        "upper" => Bind(name, _ => s.ToUpperInvariant()),
        "lower" => Bind(name, _ => s.ToLowerInvariant()),
        "title" => Bind(name, _ => Title(s)),
        "capitalize" => Bind(name, _ => Capitalize(s)),
        "swapcase" => Bind(name, _ => string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)))),
        "replace" => Bind(name, a => Replace(s, Text(a.Get(0, "old")), Text(a.Get(1, "new")), a.Get(2, "count", -1L))),
        "format" => Bind(name, a => BraceFormat.Apply(s, a)),
        "join" => Bind(name, a => string.Join(s, Iteration.ToList(a.Get(0, "iterable")).Select(PythonText.Str))),
        "find" => Bind(name, a => (long)s.IndexOf(Text(a.Get(0, "sub")), StringComparison.Ordinal)),
        "rfind" => Bind(name, a => (long)s.LastIndexOf(Text(a.Get(0, "sub")), StringComparison.Ordinal)),
        "index" => Bind(name, a => s.IndexOf(Text(a.Get(0, "sub")), StringComparison.Ordinal) is var i and >= 0
            ? (long)i : throw new ValueOperationException("substring not found")),
        "count" => Bind(name, a => Count(s, Text(a.Get(0, "sub")))),
        "isdigit" => Bind(name, _ => s.Length > 0 && s.All(char.IsDigit)),
        "isalpha" => Bind(name, _ => s.Length > 0 && s.All(char.IsLetter)),
        "isalnum" => Bind(name, _ => s.Length > 0 && s.All(char.IsLetterOrDigit)),
        "isspace" => Bind(name, _ => s.Length > 0 && s.All(char.IsWhiteSpace)),
        "isupper" => Bind(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsLower)),
        "islower" => Bind(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsUpper)),
        "zfill" => Bind(name, a => s.PadLeft((int)PythonType.ToInteger(a.Get(0, "width")), '0')),
        "center" => Bind(name, a => Center(s, (int)PythonType.ToInteger(a.Get(0, "width")))),
        _ => null,
    };

    static BuiltinFunction Bind(string name, Func<Arguments, object?> body) => new("str." + name, body);

    static string Text(object? value) => value as string
        ?? throw new ValueOperationException($"expected a string argument, got {PythonType.NameOf(value)}");

    static IEnumerable<string> Affixes(object? value) => value switch
    {
        string s => [s],
        List<object?> list => list.Select(Text),
        _ => throw new ValueOperationException($"startswith/endswith expects a string or tuple, got {PythonType.NameOf(value)}"),
    };

    /// <summary>Python strip: whitespace when <paramref name="chars"/> is None, else any of those characters.</summary>
    public static string Strip(string s, object? chars, bool left, bool right)
    {
        if (chars is null or Undefined)
        {
            if (left) s = s.TrimStart();
            if (right) s = s.TrimEnd();
            return s;
        }
        var set = Text(chars).ToCharArray();
        if (left) s = s.TrimStart(set);
        if (right) s = s.TrimEnd(set);
        return s;
    }

    static List<object?> Split(string s, object? separator, object? maxSplit)
    {
        long limit = PythonType.ToInteger(maxSplit);
        if (separator is null or Undefined)
        {
            var words = new List<object?>();
            int i = 0;
            while (true)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (limit >= 0 && words.Count == limit)
                {
                    words.Add(s[i..].TrimEnd());
                    break;
                }
                int start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
                words.Add(s[start..i]);
            }
            return words;
        }
        string sep = Text(separator);
        if (sep.Length == 0) throw new ValueOperationException("empty separator");
        var parts = limit < 0
            ? s.Split(sep)
            : s.Split(sep, (int)Math.Min(limit + 1, int.MaxValue));
        return parts.Select(p => (object?)p).ToList();
    }

    static List<object?> SplitLines(string s)
    {
        var lines = s.Replace("\r\n", "\n").Split('\n').Select(l => (object?)l).ToList();
        if (s.EndsWith('\n')) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    static List<object?> RightSplit(string s, object? separator, object? maxSplit)
    {
        long limit = PythonType.ToInteger(maxSplit);
        if (limit < 0 || separator is null or Undefined) return Split(s, separator, maxSplit);
        string sep = Text(separator);
        var result = new List<object?>();
        int end = s.Length;
        while (limit-- > 0)
        {
            int at = end == 0 ? -1 : s.LastIndexOf(sep, end - 1, StringComparison.Ordinal);
            if (at < 0) break;
            result.Insert(0, s[(at + sep.Length)..end]);
            end = at;
        }
        result.Insert(0, s[..end]);
        return result;
    }

    static string Replace(string s, string old, string replacement, object? count)
    {
        long limit = PythonType.ToInteger(count);
        if (limit < 0) return old.Length == 0 ? InsertEverywhere(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal);
        var builder = new StringBuilder();
        int position = 0;
        while (limit-- > 0 && old.Length > 0)
        {
            int at = s.IndexOf(old, position, StringComparison.Ordinal);
            if (at < 0) break;
            builder.Append(s, position, at - position).Append(replacement);
            position = at + old.Length;
        }
        return builder.Append(s, position, s.Length - position).ToString();
    }

    static string InsertEverywhere(string s, string insert) =>
        insert + string.Concat(s.Select(c => c + insert));

    static long Count(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        long count = 0;
        for (int at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Python str.title: a letter after a non-letter is upper-cased, every other letter lower-cased.</summary>
    public static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        bool previousIsLetter = false;
        foreach (char c in s)
        {
            builder.Append(previousIsLetter ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetter(c);
        }
        return builder.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    public static string Center(string s, int width)
    {
        if (width <= s.Length) return s;
        int total = width - s.Length;
        int left = total / 2 + (total & width & 1);
        return new string(' ', left) + s + new string(' ', total - left);
    }
}
