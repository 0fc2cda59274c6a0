using System.Collections;

namespace Halos.Torch.NN;

/// <summary>An indexed list of submodules named "0", "1", ... (GPT-2's <c>h.0</c>, Llama's <c>layers.0</c>).</summary>
public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> _items = new();

    public ModuleList(IEnumerable<T>? modules = null)
    {
        if (modules is null) return;
        foreach (var m in modules) Add(m);
    }

    public void Add(T module) => _items.Add(RegisterModule(_items.Count.ToString(), module));

    public T this[int index] => _items[index];
    public int Count => _items.Count;
    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
