using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// The keys and values of every layer for the tokens seen so far, [B, kv_heads, S, head_dim]
/// each, so that decoding one token attends over the past without recomputing it. Each layer's
/// keys and values live in a buffer with room to grow (doubled when full), and an append writes
/// the new positions in place, rather than copying the whole past into a new tensor every step.
/// What <see cref="Append"/> returns is a view of the first S positions, valid until the next
/// append to that layer or until the cache is disposed.
/// </summary>
public sealed class KVCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;
    private readonly long[] _lengths;

    public KVCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
        _lengths = new long[layers];
    }

    public int Layers => _keys.Length;

    /// <summary>Cached positions (the first layer's; every layer has the same once a forward ends).</summary>
    public long Length => _lengths[0];

    public (Tensor keys, Tensor values) Append(int layer, Tensor keys, Tensor values)
    {
        if (layer < 0 || layer >= _keys.Length)
            throw new ArgumentOutOfRangeException(nameof(layer), $"the cache has {_keys.Length} layers, got layer {layer}");
        var length = _lengths[layer];
        var added = keys.size(2);
        _keys[layer] = Write(_keys[layer], keys, length);
        _values[layer] = Write(_values[layer], values, length);
        _lengths[layer] = length + added;
        return (_keys[layer]!.narrow(2, 0, length + added), _values[layer]!.narrow(2, 0, length + added));
    }

    /// <summary>Writes <paramref name="next"/> at positions <paramref name="length"/>.. of <paramref name="buffer"/>, first growing it when full.</summary>
    private static Tensor Write(Tensor? buffer, Tensor next, long length)
    {
        using var noGrad = torch.no_grad();
        var needed = length + next.size(2);
        if (buffer is null || buffer.size(2) < needed)
        {
            // Room for as many positions again (at least 64): decoding appends one position per step.
            var capacity = Math.Max(needed * 2, needed + 64);
            var grown = DisposeScope.Detach(torch.zeros([next.size(0), next.size(1), capacity, next.size(3)], next.dtype, next.device));
            if (buffer is not null)
            {
                using var scope = torch.NewDisposeScope();
                grown.narrow(2, 0, length).copy_(buffer.narrow(2, 0, length));
                buffer.Dispose();
            }
            buffer = grown;
        }
        using (torch.NewDisposeScope()) buffer.narrow(2, length, next.size(2)).copy_(next);
        return buffer;
    }

    /// <summary>Row b of every layer becomes what row <paramref name="rows"/>[b] was: [B'] int64 indices into the old batch.</summary>
    public void SelectRows(Tensor rows)
    {
        using var noGrad = torch.no_grad();
        for (var layer = 0; layer < _keys.Length; layer++)
        {
            _keys[layer] = Reindex(_keys[layer], rows);
            _values[layer] = Reindex(_values[layer], rows);
        }
    }

    private static Tensor? Reindex(Tensor? buffer, Tensor rows)
    {
        if (buffer is null) return null;
        var selected = DisposeScope.Detach(buffer.index_select(0, rows));
        buffer.Dispose();
        return selected;
    }

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values)) t?.Dispose();
        Array.Clear(_keys);
        Array.Clear(_values);
        Array.Clear(_lengths);
    }
}
