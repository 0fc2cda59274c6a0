using Halos.Templates.Syntax;
using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>
/// A <c>{% macro %}</c> bound to the frame it was defined in. Calling it renders its body to a
/// string; extra positional arguments land in <c>varargs</c>, extra keywords in <c>kwargs</c>.
/// </summary>
public sealed class Macro(
    string name,
    IReadOnlyList<MacroParameter> parameters,
    IReadOnlyList<Statement> body,
    Frame closure,
    Renderer renderer) : ICallable
{
    public string Name { get; } = name;

    /// <summary>Set for the duration of a <c>{% call %}</c> block: the body it exposes as <c>caller()</c>.</summary>
    public object? Invoke(Arguments arguments) => InvokeWithCaller(arguments, null);

    public object? InvokeWithCaller(Arguments arguments, ICallable? caller)
    {
        var frame = new Frame(closure);
        for (int i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (i < arguments.Positional.Count) frame.Set(parameter.Name, arguments.Positional[i]);
            else if (arguments.Named.TryGetValue(parameter.Name, out var named)) frame.Set(parameter.Name, named);
            else if (parameter.Default is not null) frame.Set(parameter.Name, renderer.Evaluate(parameter.Default, frame));
            else frame.Set(parameter.Name, Undefined.Instance);
        }
        frame.Set("varargs", arguments.Positional.Skip(parameters.Count).ToList());
        var extra = new OrderedDictionary<string, object?>();
        foreach (var (key, value) in arguments.Named)
            if (!parameters.Any(p => p.Name == key)) extra[key] = value;
        frame.Set("kwargs", extra);
        if (caller is not null) frame.Set("caller", caller);
        return renderer.RenderToString(body, frame);
    }

    public override string ToString() => $"<Macro '{Name}'>";
}
