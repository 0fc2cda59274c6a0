namespace Halos.Templates.Values;

/// <summary>Positional and keyword arguments of one call, as the template wrote them.</summary>
public sealed class Arguments(List<object?> positional, OrderedDictionary<string, object?> named)
{
    public static Arguments Empty => new([], new());

    public List<object?> Positional { get; } = positional;
    public OrderedDictionary<string, object?> Named { get; } = named;

    /// <summary>
    /// The argument at <paramref name="position"/> or named <paramref name="name"/>, else
    /// <paramref name="fallback"/>. Mirrors how a Python signature binds one parameter.
    /// </summary>
    public object? Get(int position, string name, object? fallback = null)
    {
        if (position >= 0 && position < Positional.Count) return Positional[position];
        return Named.TryGetValue(name, out var value) ? value : fallback;
    }

    public bool Has(int position, string name) => (position >= 0 && position < Positional.Count) || Named.ContainsKey(name);
}
