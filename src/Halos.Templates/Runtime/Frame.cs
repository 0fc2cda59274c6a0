namespace Halos.Templates.Runtime;

/// <summary>
/// One variable scope. Loops and macros open a child frame, so a <c>set</c> inside a loop body does
/// not leak out (the reason templates use <c>namespace()</c>), while <c>if</c> shares its parent's frame.
/// </summary>
public sealed class Frame(Frame? parent)
{
    readonly Dictionary<string, object?> variables = new(StringComparer.Ordinal);

    public Frame? Parent { get; } = parent;

    public bool TryLookup(string name, out object? value)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
            if (frame.variables.TryGetValue(name, out value)) return true;
        value = null;
        return false;
    }

    public void Set(string name, object? value) => variables[name] = value;
}
