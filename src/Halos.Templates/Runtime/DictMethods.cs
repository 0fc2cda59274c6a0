using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>Python <c>dict</c> methods: <c>get</c>, <c>items</c>, <c>keys</c>, <c>values</c>, and the mutating few.</summary>
public static class DictMethods
{
    public static ICallable? TryBind(OrderedDictionary<string, object?> dict, string name) => name switch
    {
        "get" => Bind(name, a => ValueAccess.DictKey(a.Get(0, "key")) is { } k && dict.TryGetValue(k, out var v) ? v : a.Get(1, "default")),
        "items" => Bind(name, _ => dict.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList()),
        "keys" => Bind(name, _ => dict.Keys.Cast<object?>().ToList()),
        "values" => Bind(name, _ => dict.Values.ToList()),
        "copy" => Bind(name, _ => new OrderedDictionary<string, object?>(dict)),
        "update" => Bind(name, a => Update(dict, a)),
        "pop" => Bind(name, a => Pop(dict, a)),
        "setdefault" => Bind(name, a => SetDefault(dict, a)),
        _ => null,
    };

    static BuiltinFunction Bind(string name, Func<Arguments, object?> body) => new("dict." + name, body);

    static object? Update(OrderedDictionary<string, object?> dict, Arguments arguments)
    {
        if (arguments.Positional.Count > 0 && arguments.Positional[0] is OrderedDictionary<string, object?> other)
            foreach (var (key, value) in other) dict[key] = value;
        foreach (var (key, value) in arguments.Named) dict[key] = value;
        return null;
    }

    static object? Pop(OrderedDictionary<string, object?> dict, Arguments arguments)
    {
        string key = ValueAccess.DictKey(arguments.Get(0, "key")) ?? "";
        if (dict.Remove(key, out var value)) return value;
        return arguments.Has(1, "default") ? arguments.Get(1, "default") : throw new ValueOperationException($"KeyError: '{key}'");
    }

    static object? SetDefault(OrderedDictionary<string, object?> dict, Arguments arguments)
    {
        string key = ValueAccess.DictKey(arguments.Get(0, "key")) ?? "";
        if (!dict.TryGetValue(key, out var value)) dict[key] = value = arguments.Get(1, "default");
        return value;
    }
}
