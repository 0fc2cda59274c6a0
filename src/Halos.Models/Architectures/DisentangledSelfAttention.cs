using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

/// <summary>
/// DeBERTa's disentangled self-attention (He et al. 2021). The score of query i and key j adds to
/// content-to-content Qᵢ·Kⱼ the content-to-position term Qᵢ·Krᵟ (c2p) and the position-to-content
/// term Kⱼ·Qrᵟ (p2c), where δ = the bucketed relative position of i and j and Kr, Qr are the relative
/// embeddings projected by the key and query projections (share_att_key) or by their own
/// (pos_key_proj, pos_query_proj). All terms are divided by √(head_size · number of terms).
/// </summary>
public sealed class DisentangledSelfAttention : Module
{
    private readonly DebertaV2Config _config;

    public DisentangledSelfAttention(DebertaV2Config config)
    {
        _config = config;
        var all = config.Heads * config.HeadSize;
        query_proj = RegisterModule("query_proj", new Projection(config.Hidden, all));
        key_proj = RegisterModule("key_proj", new Projection(config.Hidden, all));
        value_proj = RegisterModule("value_proj", new Projection(config.Hidden, all));
        if (config.RelativeAttention && !config.ShareAttentionKey)
        {
            if (config.ContentToPosition) pos_key_proj = RegisterModule("pos_key_proj", new Projection(config.Hidden, all));
            if (config.PositionToContent) pos_query_proj = RegisterModule("pos_query_proj", new Projection(config.Hidden, all));
        }
    }

    public Projection query_proj { get; }
    public Projection key_proj { get; }
    public Projection value_proj { get; }
    public Projection? pos_key_proj { get; }
    public Projection? pos_query_proj { get; }

    /// <summary>
    /// hidden [B, T, H]; allowed [B, 1, T, T] true where both the query and the key are real tokens;
    /// relativeIndex [T, T] rows of relativeEmbeddings [2·span, H] (both null without relative attention).
    /// Returns the attended values [B, T, heads·head_size].
    /// </summary>
    public Tensor forward(Tensor hidden, Tensor allowed, Tensor? relativeIndex, Tensor? relativeEmbeddings)
    {
        using var scope = torch.NewDisposeScope();
        var heads = _config.Heads;
        var q = MultiHeadAttention.SplitHeads(query_proj.forward(hidden), heads);
        var k = MultiHeadAttention.SplitHeads(key_proj.forward(hidden), heads);
        var v = MultiHeadAttention.SplitHeads(value_proj.forward(hidden), heads);
        var scale = Math.Sqrt((float)(_config.HeadSize * _config.ScaleFactor));
        var scores = torch.matmul(q, k.transpose(-1, -2) / scale);

        if (relativeIndex is not null && relativeEmbeddings is not null)
        {
            var rel = relativeEmbeddings;
            if (_config.HiddenDropout > 0 && training) rel = F.dropout(rel, _config.HiddenDropout);
            rel = rel.narrow(0, 0, Math.Min(2 * _config.AttentionSpan, rel.size(0))).unsqueeze(0);
            var index = relativeIndex.unsqueeze(0).unsqueeze(0).expand(scores.shape);
            if (_config.ContentToPosition)
            {
                var positionKeys = MultiHeadAttention.SplitHeads((pos_key_proj ?? key_proj).forward(rel), heads);  // [1, heads, 2S, d]
                var contentToPosition = torch.matmul(q, positionKeys.transpose(-1, -2));                         // [B, heads, T, 2S]
                scores = scores + contentToPosition.gather(-1, index) / scale;
            }
            if (_config.PositionToContent)
            {
                var positionQueries = MultiHeadAttention.SplitHeads((pos_query_proj ?? query_proj).forward(rel), heads);
                var positionToContent = torch.matmul(k, positionQueries.transpose(-1, -2));                      // [B, heads, T(keys), 2S]
                // Entry [j, i] needs Kⱼ·Qr at δ(i, j): gather with the transposed index, then transpose back.
                var gathered = positionToContent.gather(-1, index.transpose(-1, -2)).transpose(-1, -2);
                scores = scores + gathered / scale;
            }
        }

        // transformers' XSoftmax: masked scores take the dtype's lowest value, and masked
        // probabilities are zeroed afterwards, so a padding query attends to nothing.
        var blocked = allowed.logical_not();
        var probabilities = F.softmax(scores.masked_fill(blocked, AttentionMask.MostNegative(scores.dtype)), -1).masked_fill(blocked, 0);
        if (_config.AttentionDropout > 0 && training) probabilities = F.dropout(probabilities, _config.AttentionDropout);
        var context = torch.matmul(probabilities, v);
        var shape = hidden.shape;
        return scope.MoveToOuter(context.transpose(1, 2).reshape(shape[0], shape[1], heads * _config.HeadSize));
    }
}
