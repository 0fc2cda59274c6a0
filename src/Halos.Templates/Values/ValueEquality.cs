namespace Halos.Templates.Values;

/// <summary>
/// Python <c>==</c>: numbers compare by value across int/float/bool, containers compare deeply,
/// and values of unrelated types are simply unequal (never an error).
/// </summary>
public static class ValueEquality
{
    public static new bool Equals(object? left, object? right)
    {
        if (PythonType.IsNumber(left) && PythonType.IsNumber(right))
            return PythonType.IsInteger(left) && PythonType.IsInteger(right)
                ? PythonType.ToInteger(left) == PythonType.ToInteger(right)
                : PythonType.ToDouble(left) == PythonType.ToDouble(right);
        switch (left)
        {
            case null: return right is null;
            case Undefined: return right is Undefined;
            case string s: return right is string t && s == t;
            case List<object?> a:
                if (right is not List<object?> b || a.Count != b.Count) return false;
                for (int i = 0; i < a.Count; i++)
                    if (!Equals(a[i], b[i])) return false;
                return true;
            case OrderedDictionary<string, object?> x:
                if (right is not OrderedDictionary<string, object?> y || x.Count != y.Count) return false;
                foreach (var (key, value) in x)
                    if (!y.TryGetValue(key, out var other) || !Equals(value, other)) return false;
                return true;
            default: return ReferenceEquals(left, right) || left.Equals(right);
        }
    }
}
