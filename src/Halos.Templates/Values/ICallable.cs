namespace Halos.Templates.Values;

/// <summary>Anything a template can call: macros, globals such as <c>range</c>, bound string/dict methods.</summary>
public interface ICallable
{
    object? Invoke(Arguments arguments);
}

/// <summary>A callable backed by a delegate; the name appears in error messages.</summary>
public sealed class BuiltinFunction(string name, Func<Arguments, object?> body) : ICallable
{
    public string Name { get; } = name;

    public object? Invoke(Arguments arguments) => body(arguments);

    public override string ToString() => $"<built-in function {Name}>";
}
