namespace Halos.Templates.Values;

/// <summary>An object whose attributes a template can read with <c>obj.name</c> (namespace, loop, cycler).</summary>
public interface IAttributeSource
{
    bool TryGetAttribute(string name, out object? value);
}
