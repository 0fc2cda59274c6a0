namespace Halos.Templates.Values;

/// <summary>
/// Python ordering (<c>&lt;</c>, <c>&gt;</c>, sort): numbers with numbers, strings by code point,
/// lists element-wise. Other mixes raise, as they do in Python 3.
/// </summary>
public static class ValueOrdering
{
    public static int Compare(object? left, object? right)
    {
        if (PythonType.IsNumber(left) && PythonType.IsNumber(right))
            return PythonType.IsInteger(left) && PythonType.IsInteger(right)
                ? PythonType.ToInteger(left).CompareTo(PythonType.ToInteger(right))
                : PythonType.ToDouble(left).CompareTo(PythonType.ToDouble(right));
        if (left is string a && right is string b) return string.CompareOrdinal(a, b) switch { < 0 => -1, > 0 => 1, _ => 0 };
        if (left is List<object?> x && right is List<object?> y)
        {
            for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                if (ValueEquality.Equals(x[i], y[i])) continue;
                return Compare(x[i], y[i]);
            }
            return x.Count.CompareTo(y.Count);
        }
        throw new ValueOperationException(
            $"'<' not supported between instances of '{PythonType.NameOf(left)}' and '{PythonType.NameOf(right)}'");
    }
}
