namespace Halos.Templates.Values;

/// <summary>
/// The value of a missing variable, attribute or key. It prints as an empty string, is falsy and
/// iterates as empty; reading an attribute of it gives another undefined, so
/// <c>message.a.b is defined</c> works on chains instead of failing halfway.
/// </summary>
public sealed class Undefined
{
    public static readonly Undefined Instance = new();

    Undefined() { }

    public override string ToString() => "";
}
