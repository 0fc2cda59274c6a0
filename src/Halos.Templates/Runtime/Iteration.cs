using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>What <c>for</c> and sequence filters iterate: list items, dict keys, string characters; undefined is empty.</summary>
public static class Iteration
{
    public static List<object?> ToList(object? value) => value switch
    {
        List<object?> list => [.. list],
        OrderedDictionary<string, object?> dict => dict.Keys.Cast<object?>().ToList(),
        string s => s.Select(c => (object?)c.ToString()).ToList(),
        Namespace ns => ns.Attributes.Keys.Cast<object?>().ToList(),
        Undefined => [],
        _ => throw new ValueOperationException($"'{PythonType.NameOf(value)}' object is not iterable"),
    };

    public static bool IsIterable(object? value) => value is List<object?> or OrderedDictionary<string, object?> or string;

    /// <summary>Python <c>len()</c>.</summary>
    public static long Length(object? value) => value switch
    {
        string s => s.Length,
        List<object?> list => list.Count,
        OrderedDictionary<string, object?> dict => dict.Count,
        Namespace ns => ns.Attributes.Count,
        Undefined => 0,
        _ => throw new ValueOperationException($"object of type '{PythonType.NameOf(value)}' has no len()"),
    };

    /// <summary>Python <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string part => s.Contains(part, StringComparison.Ordinal),
        string => throw new ValueOperationException($"'in <string>' requires string as left operand, not {PythonType.NameOf(item)}"),
        List<object?> list => list.Any(x => ValueEquality.Equals(x, item)),
        OrderedDictionary<string, object?> dict => ValueAccess.DictKey(item) is { } key && dict.ContainsKey(key),
        Namespace ns => item is string name && ns.Attributes.ContainsKey(name),
        Undefined => false,
        _ => throw new ValueOperationException($"argument of type '{PythonType.NameOf(container)}' is not iterable"),
    };
}
