namespace Halos.Templates.Values;

/// <summary>Python slice semantics (<c>[a:b:c]</c>, negative indices, <c>[::-1]</c>) for lists and strings.</summary>
public static class Slicing
{
    public static object? Slice(object? target, long? start, long? stop, long? step)
    {
        long stride = step ?? 1;
        if (stride == 0) throw new ValueOperationException("slice step cannot be zero");
        switch (target)
        {
            case string s:
                return string.Concat(Indices(s.Length, start, stop, stride).Select(i => s[i]));
            case List<object?> list:
                return Indices(list.Count, start, stop, stride).Select(i => list[i]).ToList();
            case Undefined:
                return Undefined.Instance;
            default:
                throw new ValueOperationException($"'{PythonType.NameOf(target)}' object is not subscriptable");
        }
    }

    /// <summary>The element indices a slice selects, following CPython's PySlice_AdjustIndices.</summary>
    static IEnumerable<int> Indices(int length, long? start, long? stop, long step)
    {
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? length : length - 1;
        long first = start is { } a ? (a < 0 ? Math.Max(a + length, lower) : Math.Min(a, upper)) : (step > 0 ? lower : upper);
        long last = stop is { } b ? (b < 0 ? Math.Max(b + length, lower) : Math.Min(b, upper)) : (step > 0 ? upper : lower);
        if (step > 0)
            for (long i = first; i < last; i += step) yield return (int)i;
        else
            for (long i = first; i > last; i += step) yield return (int)i;
    }
}
