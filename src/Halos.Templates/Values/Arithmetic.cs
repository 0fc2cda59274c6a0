namespace Halos.Templates.Values;

/// <summary>
/// Python arithmetic on template values: int stays int where Python keeps it int, <c>/</c> always
/// gives a float, <c>//</c> and <c>%</c> floor toward negative infinity, strings and lists
/// concatenate with <c>+</c> and repeat with <c>*</c>.
/// </summary>
public static class Arithmetic
{
    public static object? Add(object? left, object? right)
    {
        if (left is string a && right is string b) return a + b;
        if (left is List<object?> x && right is List<object?> y) return new List<object?>(x.Concat(y));
        return Numeric("+", left, right, (p, q) => p + q, (p, q) => p + q);
    }

    public static object? Subtract(object? left, object? right) =>
        Numeric("-", left, right, (p, q) => p - q, (p, q) => p - q);

    public static object? Multiply(object? left, object? right)
    {
        if (left is string s && PythonType.IsInteger(right)) return Repeat(s, PythonType.ToInteger(right));
        if (right is string t && PythonType.IsInteger(left)) return Repeat(t, PythonType.ToInteger(left));
        if (left is List<object?> list && PythonType.IsInteger(right)) return RepeatList(list, PythonType.ToInteger(right));
        if (right is List<object?> list2 && PythonType.IsInteger(left)) return RepeatList(list2, PythonType.ToInteger(left));
        return Numeric("*", left, right, (p, q) => p * q, (p, q) => p * q);
    }

    public static object? Divide(object? left, object? right)
    {
        RequireNumbers("/", left, right);
        double divisor = PythonType.ToDouble(right);
        if (divisor == 0) throw new ValueOperationException("division by zero");
        return PythonType.ToDouble(left) / divisor;
    }

    public static object? FloorDivide(object? left, object? right)
    {
        RequireNumbers("//", left, right);
        if (PythonType.ToDouble(right) == 0) throw new ValueOperationException("integer division or modulo by zero");
        if (PythonType.IsInteger(left) && PythonType.IsInteger(right))
        {
            long p = PythonType.ToInteger(left), q = PythonType.ToInteger(right);
            long quotient = p / q;
            if ((p % q != 0) && ((p < 0) != (q < 0))) quotient--;
            return quotient;
        }
        return Math.Floor(PythonType.ToDouble(left) / PythonType.ToDouble(right));
    }

    public static object? Modulo(object? left, object? right)
    {
        if (left is string format) return PercentFormat.Apply(format, right);
        RequireNumbers("%", left, right);
        if (PythonType.ToDouble(right) == 0) throw new ValueOperationException("integer division or modulo by zero");
        if (PythonType.IsInteger(left) && PythonType.IsInteger(right))
        {
            long p = PythonType.ToInteger(left), q = PythonType.ToInteger(right);
            long r = p % q;
            return r != 0 && ((r < 0) != (q < 0)) ? r + q : r;
        }
        double a = PythonType.ToDouble(left), b = PythonType.ToDouble(right);
        double m = a % b;
        return m != 0 && ((m < 0) != (b < 0)) ? m + b : m;
    }

    public static object? Power(object? left, object? right)
    {
        RequireNumbers("**", left, right);
        if (PythonType.IsInteger(left) && PythonType.IsInteger(right) && PythonType.ToInteger(right) >= 0)
        {
            long result = 1, b = PythonType.ToInteger(left);
            for (long e = PythonType.ToInteger(right); e > 0; e--) result = checked(result * b);
            return result;
        }
        return Math.Pow(PythonType.ToDouble(left), PythonType.ToDouble(right));
    }

    public static object? Negate(object? value) => value switch
    {
        long l => (object)-l,
        bool b => b ? -1L : 0L,
        double d => -d,
        _ => throw new ValueOperationException($"bad operand type for unary -: '{PythonType.NameOf(value)}'"),
    };

    static object? Numeric(string op, object? left, object? right, Func<long, long, long> integer, Func<double, double, double> floating)
    {
        RequireNumbers(op, left, right);
        if (PythonType.IsInteger(left) && PythonType.IsInteger(right))
            return integer(PythonType.ToInteger(left), PythonType.ToInteger(right));
        return floating(PythonType.ToDouble(left), PythonType.ToDouble(right));
    }

    static void RequireNumbers(string op, object? left, object? right)
    {
        if (PythonType.IsNumber(left) && PythonType.IsNumber(right)) return;
        throw new ValueOperationException(
            $"unsupported operand type(s) for {op}: '{PythonType.NameOf(left)}' and '{PythonType.NameOf(right)}'");
    }

    static string Repeat(string s, long count) => count <= 0 ? "" : string.Concat(Enumerable.Repeat(s, (int)count));

    static List<object?> RepeatList(List<object?> list, long count)
    {
        var result = new List<object?>();
        for (long i = 0; i < count; i++) result.AddRange(list);
        return result;
    }
}
