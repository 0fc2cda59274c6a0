using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>
/// <c>obj.name</c> and <c>obj[key]</c> with Jinja's lenient semantics: anything missing (absent key,
/// index out of range, attribute of None or undefined) is <see cref="Undefined"/> rather than an error.
/// </summary>
public static class ValueAccess
{
    /// <summary><c>obj.name</c>: a method of str/list/dict first (as Python getattr would find), then the item.</summary>
    public static object? GetAttribute(object? target, string name)
    {
        switch (target)
        {
            case IAttributeSource source:
                return source.TryGetAttribute(name, out var value) ? value : Undefined.Instance;
            case string s:
                return StringMethods.TryBind(s, name) ?? (object)Undefined.Instance;
            case List<object?> list:
                return ListMethods.TryBind(list, name) ?? (object)Undefined.Instance;
            case OrderedDictionary<string, object?> dict:
                if (DictMethods.TryBind(dict, name) is { } method) return method;
                return dict.TryGetValue(name, out var item) ? item : Undefined.Instance;
            default:
                return Undefined.Instance;
        }
    }

    /// <summary><c>obj[key]</c>: the item first, falling back to the attribute for string keys.</summary>
    public static object? GetItem(object? target, object? key)
    {
        switch (target)
        {
            case OrderedDictionary<string, object?> dict:
                if (DictKey(key) is { } k && dict.TryGetValue(k, out var item)) return item;
                return key is string name && DictMethods.TryBind(dict, name) is { } method ? method : Undefined.Instance;
            case List<object?> list when PythonType.IsInteger(key):
                return Index(list.Count, PythonType.ToInteger(key)) is { } i ? list[i] : Undefined.Instance;
            case string s when PythonType.IsInteger(key):
                return Index(s.Length, PythonType.ToInteger(key)) is { } j ? s[j].ToString() : Undefined.Instance;
            case Undefined or null:
                return Undefined.Instance;
            default:
                return key is string attribute ? GetAttribute(target, attribute) : Undefined.Instance;
        }
    }

    /// <summary>Follows a dotted path such as <c>"function.name"</c> or <c>"0.id"</c>, as filter <c>attribute=</c> arguments do.</summary>
    public static object? GetPath(object? target, string path)
    {
        foreach (var part in path.Split('.'))
            target = long.TryParse(part, out var index) ? GetItem(target, index) : GetItem(target, part);
        return target;
    }

    /// <summary>Python dict keys are strings here; numbers and booleans use their printed form.</summary>
    public static string? DictKey(object? key) => key switch
    {
        string s => s,
        long or double or bool => PythonText.Str(key),
        _ => null,
    };

    static int? Index(int length, long index)
    {
        if (index < 0) index += length;
        return index >= 0 && index < length ? (int)index : null;
    }
}
