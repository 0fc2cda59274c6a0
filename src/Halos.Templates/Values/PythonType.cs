namespace Halos.Templates.Values;

/// <summary>Python type names for values, so error messages read like the Python errors template authors know.</summary>
public static class PythonType
{
    public static string NameOf(object? value) => value switch
    {
        null => "NoneType",
        Undefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        OrderedDictionary<string, object?> => "dict",
        Namespace => "Namespace",
        ICallable => "function",
        _ => value.GetType().Name,
    };

    /// <summary>True for int, float and bool (bool is an int subtype in Python).</summary>
    public static bool IsNumber(object? value) => value is long or double or bool;

    public static bool IsInteger(object? value) => value is long or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new ValueOperationException($"expected a number, got {NameOf(value)}"),
    };

    public static long ToInteger(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d when d == Math.Floor(d) => (long)d,
        _ => throw new ValueOperationException($"expected an integer, got {NameOf(value)} {PythonText.Repr(value)}"),
    };
}
