using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>
/// Functions every template can call: Jinja's <c>range</c>, <c>dict</c>, <c>namespace</c>,
/// <c>cycler</c>, <c>joiner</c>, plus the two transformers adds for chat templates,
/// <c>raise_exception</c> and <c>strftime_now</c>.
/// </summary>
public static class BuiltinGlobals
{
    public static IEnumerable<KeyValuePair<string, object?>> Create(Func<DateTime> clock) =>
    [
        new("range", new BuiltinFunction("range", Range)),
        new("dict", new BuiltinFunction("dict", Dict)),
        new("namespace", new BuiltinFunction("namespace", CreateNamespace)),
        new("raise_exception", new BuiltinFunction("raise_exception", a => throw new TemplateRaisedException(PythonText.Str(a.Get(0, "message", "")), 0))),
        new("strftime_now", new BuiltinFunction("strftime_now", a => Strftime.Format(clock(), PythonText.Str(a.Get(0, "format"))))),
        new("cycler", new BuiltinFunction("cycler", a => new Cycler(a.Positional))),
        new("joiner", new BuiltinFunction("joiner", a => Joiner(PythonText.Str(a.Get(0, "sep", ", "))))),
    ];

    static object? Range(Arguments arguments)
    {
        var bounds = arguments.Positional.Select(PythonType.ToInteger).ToList();
        var (start, stop, step) = bounds.Count switch
        {
            1 => (0L, bounds[0], 1L),
            2 => (bounds[0], bounds[1], 1L),
            3 => (bounds[0], bounds[1], bounds[2]),
            _ => throw new ValueOperationException($"range expected 1 to 3 integer arguments, got {bounds.Count}"),
        };
        if (step == 0) throw new ValueOperationException("range() arg 3 must not be zero");
        var result = new List<object?>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            result.Add(i);
            if (result.Count > 10_000_000) throw new ValueOperationException("range is too large");
        }
        return result;
    }

    static object? Dict(Arguments arguments)
    {
        var dict = new OrderedDictionary<string, object?>();
        if (arguments.Positional.Count > 0 && arguments.Positional[0] is OrderedDictionary<string, object?> source)
            foreach (var (key, value) in source) dict[key] = value;
        foreach (var (key, value) in arguments.Named) dict[key] = value;
        return dict;
    }

    static object? CreateNamespace(Arguments arguments)
    {
        var ns = new Namespace();
        if (arguments.Positional.Count > 0 && arguments.Positional[0] is OrderedDictionary<string, object?> source)
            foreach (var (key, value) in source) ns.SetAttribute(key, value);
        foreach (var (key, value) in arguments.Named) ns.SetAttribute(key, value);
        return ns;
    }

    static BuiltinFunction Joiner(string separator)
    {
        bool used = false;
        return new BuiltinFunction("joiner", _ =>
        {
            if (used) return separator;
            used = true;
            return "";
        });
    }

    /// <summary>The object <c>cycler(a, b)</c> returns: <c>.next()</c> walks the values round-robin, <c>.current</c> peeks.</summary>
    sealed class Cycler(List<object?> values) : IAttributeSource
    {
        int position;

        public bool TryGetAttribute(string name, out object? value)
        {
            value = name switch
            {
                "current" => values.Count > 0 ? values[position] : Undefined.Instance,
                "next" => new BuiltinFunction("cycler.next", _ =>
                {
                    var item = values[position];
                    position = (position + 1) % values.Count;
                    return item;
                }),
                "reset" => new BuiltinFunction("cycler.reset", _ => { position = 0; return null; }),
                _ => Undefined.Instance,
            };
            return value is not Undefined;
        }
    }
}
