using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Abstractions.Training;

/// <summary>
/// A collated microbatch: the examples it came from and the named tensors a trainer built from them
/// (token ids, attention and loss masks, ...). The trainer that collates a batch chooses the names and
/// is the one that reads them. The batch owns its tensors: disposing it frees them.
/// </summary>
public sealed class Batch(DataKind kind, IReadOnlyList<Example> examples, IReadOnlyDictionary<string, Tensor> tensors) : IDisposable
{
    public DataKind Kind { get; } = kind;

    public IReadOnlyList<Example> Examples { get; } = examples;

    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    public int Count => Examples.Count;

    /// <summary>The tensor named <paramref name="name"/>; a missing name is a bug in the trainer, reported with the names present.</summary>
    public Tensor this[string name] => Tensors.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"batch has no tensor '{name}'; it has: {string.Join(", ", Tensors.Keys)}");

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
