using Halos.Abstractions.Models;
using Halos.Models.Layers;
using Halos.Torch;

namespace Halos.Models.Generation;

/// <summary>
/// The opaque cache <see cref="Architectures.CausalLanguageModel"/> hands out from a prefill: the layers' keys and
/// values, and the attention mask of every cached position (left padding stays masked for the whole generation).
/// </summary>
public sealed class DecodingCache : IDecodingCache
{
    private Tensor _mask;

    internal DecodingCache(KVCache layers, Tensor mask)
    {
        Layers = layers;
        _mask = DisposeScope.Detach(mask.to(ScalarType.Int64, copy: true));
    }

    internal KVCache Layers { get; }

    /// <summary>[B, S]: 1 for real positions, 0 for padding.</summary>
    internal Tensor Mask => _mask;

    public long Length => _mask.size(1);

    /// <summary>Marks one more position, real on every row.</summary>
    internal void Extend()
    {
        using var scope = torch.NewDisposeScope();
        var extended = torch.cat([_mask, torch.ones([_mask.size(0), 1], ScalarType.Int64, _mask.device)], 1);
        _mask.Dispose();
        _mask = DisposeScope.Detach(extended);
    }

    /// <summary>Row b becomes what row <paramref name="rows"/>[b] was, keys, values and mask alike.</summary>
    internal void SelectRows(Tensor rows)
    {
        Layers.SelectRows(rows);
        using var scope = torch.NewDisposeScope();
        var selected = _mask.index_select(0, rows);
        _mask.Dispose();
        _mask = DisposeScope.Detach(selected);
    }

    /// <summary>Each real token's index among its row's real tokens; padding gets 1, as transformers' generate does (it is masked anyway).</summary>
    internal static Tensor Positions(Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var positions = mask.to(ScalarType.Int64).cumsum(1) - 1L;
        return scope.MoveToOuter(positions.masked_fill(mask.eq(0), 1));
    }

    public void Dispose()
    {
        Layers.Dispose();
        _mask.Dispose();
    }
}
