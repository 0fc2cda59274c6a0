using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// The keys and values of every layer for the tokens seen so far, [B, kv_heads, S, head_dim]
/// each, so that decoding one token attends over the past without recomputing it. The cache
/// owns its tensors: what <see cref="Append"/> returns stays valid until the next append to
/// that layer or until the cache is disposed.
/// </summary>
public sealed class KVCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    public KVCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    public int Layers => _keys.Length;

    /// <summary>Cached positions (the first layer's; every layer has the same once a forward ends).</summary>
    public long Length => _keys[0]?.size(2) ?? 0;

    public (Tensor keys, Tensor values) Append(int layer, Tensor keys, Tensor values)
    {
        if (layer < 0 || layer >= _keys.Length)
            throw new ArgumentOutOfRangeException(nameof(layer), $"the cache has {_keys.Length} layers, got layer {layer}");
        _keys[layer] = Concat(_keys[layer], keys);
        _values[layer] = Concat(_values[layer], values);
        return (_keys[layer]!, _values[layer]!);
    }

    private static Tensor Concat(Tensor? past, Tensor next)
    {
        var joined = past is null ? next.detach() : torch.cat([past, next], 2);
        past?.Dispose();
        return DisposeScope.Detach(joined);
    }

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values)) t?.Dispose();
        Array.Clear(_keys);
        Array.Clear(_values);
    }
}
