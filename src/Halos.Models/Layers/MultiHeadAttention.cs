using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// The attention step every architecture shares once it has projected q, k and v: append to
/// the KV cache, share each key/value head across its group of query heads (grouped-query
/// attention, Ainslie et al. 2023; kv_heads == heads is ordinary multi-head attention), and
/// run scaled dot-product attention.
/// </summary>
public static class MultiHeadAttention
{
    /// <summary>
    /// q [B, heads, T, d], k and v [B, kv_heads, T, d] → [B, T, heads·d].
    /// </summary>
    public static Tensor Attend(Tensor query, Tensor key, Tensor value, AttentionContext context, int layer,
        double dropout = 0, double? scale = null)
    {
        using var scope = torch.NewDisposeScope();
        if (context.Cache is { } cache) (key, value) = cache.Append(layer, key, value);
        var heads = query.size(1);
        var kvHeads = key.size(1);
        if (heads % kvHeads != 0)
            throw new ArgumentException($"{heads} query heads cannot be shared evenly among {kvHeads} key/value heads");
        if (kvHeads != heads)
        {
            key = RepeatHeads(key, heads / kvHeads);
            value = RepeatHeads(value, heads / kvHeads);
        }
        var isCausal = context.Causal && context.Mask is null;
        var attended = F.scaled_dot_product_attention(query, key, value, context.Mask, dropout, isCausal, scale);
        var batch = query.size(0);
        var length = query.size(2);
        var merged = attended.transpose(1, 2).reshape(batch, length, heads * query.size(3));
        return scope.MoveToOuter(merged);
    }

    /// <summary>[B, kv, S, d] → [B, kv·groups, S, d], each kv head repeated for its consecutive group of query heads.</summary>
    public static Tensor RepeatHeads(Tensor x, long groups)
    {
        var shape = x.shape;
        using var expanded = x.unsqueeze(2).expand(shape[0], shape[1], groups, shape[2], shape[3]);
        return expanded.reshape(shape[0], shape[1] * groups, shape[2], shape[3]);
    }

    /// <summary>[B, T, heads·d] → [B, heads, T, d].</summary>
    public static Tensor SplitHeads(Tensor x, long heads)
    {
        var shape = x.shape;
        using var viewed = x.view(shape[0], shape[1], heads, shape[2] / heads);
        return viewed.transpose(1, 2);
    }
}
