namespace Halos.Templates.Values;

/// <summary>
/// The object <c>namespace(...)</c> returns. Its attributes can be assigned from inside loops
/// (<c>{% set ns.found = true %}</c>), which is how templates carry state out of a loop scope.
/// </summary>
public sealed class Namespace : IAttributeSource
{
    public OrderedDictionary<string, object?> Attributes { get; } = new();

    public bool TryGetAttribute(string name, out object? value) => Attributes.TryGetValue(name, out value);

    public void SetAttribute(string name, object? value) => Attributes[name] = value;
}
