using Halos.Models.Configuration;

namespace Halos.Models.Architectures;

/// <summary>
/// The config.json fields of DeBERTa-v2/v3 (model_type "deberta-v2") that change the computation,
/// with transformers' defaults. Fields whose computation is not implemented are refused by name
/// rather than silently ignored.
/// </summary>
public sealed record DebertaV2Config(
    long VocabSize, long EmbeddingSize, long Hidden, long Layers, long Heads, long HeadSize, long Intermediate,
    double LayerNormEps, long MaxPositions, bool PositionBiasedInput, long TypeVocabSize,
    bool RelativeAttention, bool ContentToPosition, bool PositionToContent, bool ShareAttentionKey,
    long PositionBuckets, long MaxRelativePositions, bool NormRelativeEmbeddings,
    long PoolerHidden, double HiddenDropout, double AttentionDropout, double PoolerDropout, double ClassifierDropout)
{
    /// <summary>Relative distances are clamped to ±span: the number of position buckets when bucketed, else max_relative_positions.</summary>
    public long AttentionSpan => PositionBuckets > 0 ? PositionBuckets : MaxRelativePositions;

    /// <summary>1 + one per disentangled term: the scores are divided by √(head_size · this).</summary>
    public long ScaleFactor => 1 + (ContentToPosition ? 1 : 0) + (PositionToContent ? 1 : 0);

    public static DebertaV2Config FromConfig(HfConfig c, bool keepDropout)
    {
        var hidden = c.Long("hidden_size");
        var heads = c.Long("num_attention_heads");
        if (c.OptionalLong("attention_head_size") is null && hidden % heads != 0)
            throw c.Invalid("num_attention_heads", $"hidden_size {hidden} is not divisible by num_attention_heads {heads}");
        if (c.Long("conv_kernel_size", 0) > 0)
            throw c.Invalid("conv_kernel_size", "the convolution after the first layer (DeBERTa-v2 xlarge/xxlarge) is not supported; expected 0 or absent");
        if (c.Long("z_steps", 0) > 0)
            throw c.Invalid("z_steps", "re-running the last layer (z_steps) is not supported; expected 0 or absent");

        var attentionTypes = PositionAttentionTypes(c);
        var relative = c.Bool("relative_attention", false);
        var maxRelative = c.Long("max_relative_positions", -1);
        if (maxRelative < 1) maxRelative = c.Long("max_position_embeddings", 512);
        var norms = (c.OptionalString("norm_rel_ebd") ?? "none").ToLowerInvariant().Split('|').Select(s => s.Trim()).ToArray();
        var unknownNorm = norms.FirstOrDefault(n => n is not ("none" or "layer_norm"));
        if (unknownNorm is not null)
            throw c.Invalid("norm_rel_ebd", $"'{unknownNorm}' is not supported; expected 'none' or 'layer_norm'");

        var hiddenDropout = keepDropout ? c.Double("hidden_dropout_prob", 0.1) : 0;
        return new DebertaV2Config(
            c.Long("vocab_size"), c.Long("embedding_size", hidden), hidden, c.Long("num_hidden_layers"), heads,
            c.OptionalLong("attention_head_size") ?? hidden / heads, c.Long("intermediate_size"),
            c.Double("layer_norm_eps", 1e-7), c.Long("max_position_embeddings", 512), c.Bool("position_biased_input", true),
            c.Long("type_vocab_size", 0), relative, attentionTypes.Contains("c2p"), attentionTypes.Contains("p2c"),
            c.Bool("share_att_key", false), c.Long("position_buckets", -1), maxRelative, norms.Contains("layer_norm"),
            c.Long("pooler_hidden_size", hidden), hiddenDropout, keepDropout ? c.Double("attention_probs_dropout_prob", 0.1) : 0,
            keepDropout ? c.Double("pooler_dropout", 0) : 0, keepDropout ? c.OptionalDouble("cls_dropout") ?? hiddenDropout : 0);
    }

    /// <summary>pos_att_type: a list (["p2c", "c2p"]) or the older "p2c|c2p" string; only c2p and p2c exist in DeBERTa-v2.</summary>
    private static HashSet<string> PositionAttentionTypes(HfConfig c)
    {
        var node = c.Json["pos_att_type"];
        IEnumerable<string> types = node switch
        {
            null => [],
            System.Text.Json.Nodes.JsonArray list => list.Select((n, i) =>
                n is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim().ToLowerInvariant() : throw c.Wrong($"pos_att_type[{i}]", "a string", n)),
            _ => c.String("pos_att_type").ToLowerInvariant().Split('|').Select(s => s.Trim()),
        };
        var set = types.Where(t => t.Length > 0 && t != "none").ToHashSet();
        var unknown = set.FirstOrDefault(t => t is not ("c2p" or "p2c"));
        if (unknown is not null)
            throw c.Invalid("pos_att_type", $"'{unknown}' is not supported; DeBERTa-v2 attends content-to-position ('c2p') and position-to-content ('p2c')");
        return set;
    }
}
