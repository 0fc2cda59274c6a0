using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>The <c>loop</c> variable inside a for body: index, first/last, neighbours, <c>cycle</c>, depth.</summary>
public sealed class LoopContext(IReadOnlyList<object?> items, int depth0, Func<object?, string>? recurse) : IAttributeSource, ICallable
{
    public int Index0 { get; set; }

    public bool TryGetAttribute(string name, out object? value)
    {
        value = name switch
        {
            "index0" => (long)Index0,
            "index" => (long)Index0 + 1,
            "revindex0" => (long)(items.Count - Index0 - 1),
            "revindex" => (long)(items.Count - Index0),
            "first" => Index0 == 0,
            "last" => Index0 == items.Count - 1,
            "length" => (long)items.Count,
            "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.Instance,
            "nextitem" => Index0 + 1 < items.Count ? items[Index0 + 1] : Undefined.Instance,
            "depth0" => (long)depth0,
            "depth" => (long)depth0 + 1,
            "cycle" => new BuiltinFunction("loop.cycle", a => a.Positional.Count == 0
                ? throw new ValueOperationException("loop.cycle needs at least one value")
                : a.Positional[Index0 % a.Positional.Count]),
            _ => Undefined.Instance,
        };
        return value is not Undefined;
    }

    /// <summary><c>loop(children)</c> in a <c>for ... recursive</c> loop renders the body again for the children.</summary>
    public object? Invoke(Arguments arguments) =>
        recurse is null
            ? throw new ValueOperationException("loop() can only be called inside a 'for ... recursive' loop")
            : recurse(arguments.Get(0, "iterable"));
}
