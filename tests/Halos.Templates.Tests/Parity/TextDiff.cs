namespace Halos.Templates.Tests.Parity;

/// <summary>Describes where two rendered strings first differ, with escaped context, for assertion messages.</summary>
public static class TextDiff
{
    public static string? FirstDifference(string expected, string actual, int context = 60)
    {
        if (expected == actual) return null;
        int at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at]) at++;
        int from = Math.Max(0, at - context);
        return $"first difference at offset {at} (expected length {expected.Length}, actual {actual.Length})\n" +
               $"  expected: …{Escape(Window(expected, from, at, context))}…\n" +
               $"  actual:   …{Escape(Window(actual, from, at, context))}…";
    }

    static string Window(string text, int from, int at, int context) =>
        from >= text.Length ? "" : text[from..Math.Min(text.Length, at + context)];

    static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\t", "\\t");
}
