using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>The Jinja tests usable after <c>is</c> (<c>x is defined</c>, <c>n is divisibleby 3</c>) and by select/reject.</summary>
public static class TestLibrary
{
    static readonly Dictionary<string, Func<object?, IReadOnlyList<object?>, bool>> Tests = new()
    {
        ["defined"] = (v, _) => v is not Undefined,
        ["undefined"] = (v, _) => v is Undefined,
        ["none"] = (v, _) => v is null,
        ["string"] = (v, _) => v is string,
        ["number"] = (v, _) => v is long or double,
        ["integer"] = (v, _) => v is long,
        ["float"] = (v, _) => v is double,
        ["boolean"] = (v, _) => v is bool,
        ["true"] = (v, _) => v is true,
        ["false"] = (v, _) => v is false,
        ["mapping"] = (v, _) => v is OrderedDictionary<string, object?>,
        ["iterable"] = (v, _) => Iteration.IsIterable(v),
        ["sequence"] = (v, _) => v is string or List<object?> or OrderedDictionary<string, object?>,
        ["callable"] = (v, _) => v is ICallable,
        ["even"] = (v, _) => PythonType.ToInteger(v) % 2 == 0,
        ["odd"] = (v, _) => PythonType.ToInteger(v) % 2 != 0,
        ["divisibleby"] = (v, a) => PythonType.ToInteger(v) % PythonType.ToInteger(Argument(a, "divisibleby")) == 0,
        ["eq"] = (v, a) => ValueEquality.Equals(v, Argument(a, "eq")),
        ["equalto"] = (v, a) => ValueEquality.Equals(v, Argument(a, "equalto")),
        ["sameas"] = (v, a) => SameAs(v, Argument(a, "sameas")),
        ["ne"] = (v, a) => !ValueEquality.Equals(v, Argument(a, "ne")),
        ["lt"] = (v, a) => ValueOrdering.Compare(v, Argument(a, "lt")) < 0,
        ["lessthan"] = (v, a) => ValueOrdering.Compare(v, Argument(a, "lessthan")) < 0,
        ["le"] = (v, a) => ValueOrdering.Compare(v, Argument(a, "le")) <= 0,
        ["gt"] = (v, a) => ValueOrdering.Compare(v, Argument(a, "gt")) > 0,
        ["greaterthan"] = (v, a) => ValueOrdering.Compare(v, Argument(a, "greaterthan")) > 0,
        ["ge"] = (v, a) => ValueOrdering.Compare(v, Argument(a, "ge")) >= 0,
        ["in"] = (v, a) => Iteration.Contains(Argument(a, "in"), v),
        ["lower"] = (v, _) => v is string s && s.Any(char.IsLetter) && !s.Any(char.IsUpper),
        ["upper"] = (v, _) => v is string s && s.Any(char.IsLetter) && !s.Any(char.IsLower),
        ["escaped"] = (_, _) => false,
    };

    public static bool IsKnown(string name) => Tests.ContainsKey(name);

    public static bool Apply(string name, object? value, IReadOnlyList<object?> arguments)
    {
        if (!Tests.TryGetValue(name, out var test)) throw new ValueOperationException($"unknown test '{name}'");
        return test(value, arguments);
    }

    static object? Argument(IReadOnlyList<object?> arguments, string test) =>
        arguments.Count > 0 ? arguments[0] : throw new ValueOperationException($"test '{test}' needs an argument");

    /// <summary>Python <c>is</c>: identity for containers, value identity for the singletons None/True/False.</summary>
    static bool SameAs(object? value, object? other) => (value, other) switch
    {
        (null, null) => true,
        (bool a, bool b) => a == b,
        (long a, long b) => a == b,
        (string a, string b) => a == b,
        _ => ReferenceEquals(value, other),
    };
}
