using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// The attention step every architecture shares once it has projected q, k and v: append to
/// the KV cache, share each key/value head across its group of query heads (grouped-query
/// attention, Ainslie et al. 2023; kv_heads == heads is ordinary multi-head attention), and
/// run scaled dot-product attention, with the layer's mask (<see cref="AttentionContext.MaskOf"/>).
/// Gemma 2 caps the attention scores before the mask, c·tanh(scores / c): that path computes
/// the scores explicitly, since a fused kernel has no place for the cap.
/// </summary>
public static class MultiHeadAttention
{
    /// <summary>
    /// q [B, heads, T, d], k and v [B, kv_heads, T, d] → [B, T, heads·d].
    /// </summary>
    public static Tensor Attend(Tensor query, Tensor key, Tensor value, AttentionContext context, int layer,
        double dropout = 0, double? scale = null, double? scoreSoftCap = null)
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
        var mask = context.MaskOf(layer);
        var isCausal = context.Causal && mask is null;
        var attended = IsSingleQueryOnCpu(query, key, isCausal, dropout)
            ? SingleQueryAttention(query, key, value, mask, scale ?? 1 / Math.Sqrt(query.size(-1)), scoreSoftCap)
            : scoreSoftCap is { } cap
                ? SoftCappedAttention(query, key, value, mask, isCausal, dropout, scale ?? 1 / Math.Sqrt(query.size(-1)), cap)
                : F.scaled_dot_product_attention(query, key, value, mask, dropout, isCausal, scale);
        var batch = query.size(0);
        var length = query.size(2);
        var merged = attended.transpose(1, 2).reshape(batch, length, heads * query.size(3));
        return scope.MoveToOuter(merged);
    }

    /// <summary>
    /// One query position per row (a decoding step) on the CPU, where libtorch's batched matmul runs one small product
    /// per batch-and-head entry (B·heads of them, each through select and mm): there the scores and the weighted sum are
    /// a broadcast product and a sum, a quarter of a step's decoding time saved at GPT-2 size. Not taken under dropout,
    /// or for a causal mask left implicit over several keys (a single query would see only the first).
    /// </summary>
    private static bool IsSingleQueryOnCpu(Tensor query, Tensor key, bool isCausal, double dropout) =>
        query.size(2) == 1 && query.device.Type == DeviceType.CPU && dropout == 0 && !(isCausal && key.size(2) > 1);

    /// <summary>
    /// softmax(scores + mask) v for q [B, heads, 1, d] over k, v [B, heads, S, d], the scores optionally capped
    /// (c·tanh(scores / c)) and the softmax in at least float32, as <see cref="SoftCappedAttention"/> computes it.
    /// </summary>
    private static Tensor SingleQueryAttention(Tensor query, Tensor key, Tensor value, Tensor? mask, double scale, double? cap)
    {
        using var scope = torch.NewDisposeScope();
        var scores = (query * key).sum(-1).unsqueeze(-2) * scale;   // [B, heads, 1, S]
        if (cap is { } c) scores = (scores / c).tanh() * c;
        if (mask is not null)
            scores = mask.dtype == ScalarType.Bool ? scores.masked_fill(mask.logical_not(), AttentionMask.MostNegative(scores.dtype)) : scores + mask;
        var wide = scores.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var weights = F.softmax(scores, -1, wide).to(query.dtype);   // [B, heads, 1, S]
        return scope.MoveToOuter((weights.transpose(-2, -1) * value).sum(-2, keepdim: true));
    }

    /// <summary>
    /// softmax(c·tanh(q kᵀ · scale / c) + mask) v, the softmax in at least float32. Without
    /// a mask the attention is causal over equally long queries and keys (the context's null-mask case).
    /// </summary>
    private static Tensor SoftCappedAttention(Tensor query, Tensor key, Tensor value, Tensor? mask, bool isCausal,
        double dropout, double scale, double cap)
    {
        using var scope = torch.NewDisposeScope();
        var scores = query.matmul(key.transpose(-2, -1)) * scale;
        scores = (scores / cap).tanh() * cap;
        if (mask is not null) scores = scores + mask;
        else if (isCausal)
        {
            var (queries, keys) = (scores.size(-2), scores.size(-1));
            var future = torch.ones([queries, keys], ScalarType.Bool, scores.device).triu(keys - queries + 1);
            scores = scores.masked_fill(future, AttentionMask.MostNegative(scores.dtype));
        }
        // Half precision is widened to float32 as transformers' eager attention does; float64 stays float64, or the
        // finite-difference checks (and anyone training in double) would see float32 rounding in the gradient.
        var wide = scores.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var weights = F.softmax(scores, -1, wide).to(query.dtype);
        if (dropout > 0) weights = F.dropout(weights, dropout, true);
        return scope.MoveToOuter(weights.matmul(value));
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
