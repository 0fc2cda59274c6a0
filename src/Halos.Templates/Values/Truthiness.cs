namespace Halos.Templates.Values;

/// <summary>Python truthiness: empty strings, lists and dicts, zero, None and undefined are false.</summary>
public static class Truthiness
{
    public static bool IsTrue(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        OrderedDictionary<string, object?> dict => dict.Count > 0,
        _ => true,
    };
}
