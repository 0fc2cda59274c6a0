using Halos.Templates.Values;

namespace Halos.Templates.Runtime;

/// <summary>Python <c>list</c> methods; mutating ones change the list in place, as in Python.</summary>
public static class ListMethods
{
    public static ICallable? TryBind(List<object?> list, string name) => name switch
    {
        "append" => Bind(name, a => { list.Add(a.Get(0, "object")); return null; }),
        "extend" => Bind(name, a => { list.AddRange(Iteration.ToList(a.Get(0, "iterable"))); return null; }),
        "insert" => Bind(name, a => { list.Insert(ClampIndex(list, PythonType.ToInteger(a.Get(0, "index"))), a.Get(1, "object")); return null; }),
        "pop" => Bind(name, a => Pop(list, PythonType.ToInteger(a.Get(0, "index", -1L)))),
        "remove" => Bind(name, a => Remove(list, a.Get(0, "value"))),
        "index" => Bind(name, a => list.FindIndex(x => ValueEquality.Equals(x, a.Get(0, "value"))) is var i and >= 0
            ? (long)i : throw new ValueOperationException($"{PythonText.Repr(a.Get(0, "value"))} is not in list")),
        "count" => Bind(name, a => (long)list.Count(x => ValueEquality.Equals(x, a.Get(0, "value")))),
        "reverse" => Bind(name, _ => { list.Reverse(); return null; }),
        "copy" => Bind(name, _ => new List<object?>(list)),
        "clear" => Bind(name, _ => { list.Clear(); return null; }),
        _ => null,
    };

    static BuiltinFunction Bind(string name, Func<Arguments, object?> body) => new("list." + name, body);

    static object? Pop(List<object?> list, long index)
    {
        if (list.Count == 0) throw new ValueOperationException("pop from empty list");
        if (index < 0) index += list.Count;
        if (index < 0 || index >= list.Count) throw new ValueOperationException("pop index out of range");
        var item = list[(int)index];
        list.RemoveAt((int)index);
        return item;
    }

    static object? Remove(List<object?> list, object? value)
    {
        int at = list.FindIndex(x => ValueEquality.Equals(x, value));
        if (at < 0) throw new ValueOperationException("list.remove(x): x not in list");
        list.RemoveAt(at);
        return null;
    }

    static int ClampIndex(List<object?> list, long index)
    {
        if (index < 0) index += list.Count;
        return (int)Math.Clamp(index, 0, list.Count);
    }
}
