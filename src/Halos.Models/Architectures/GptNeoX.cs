using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

// GPT-NeoX (Black et al. 2022; the Pythia suite): rotary positions on a fraction of each head
// (rotary_pct), a fused qkv projection laid out per head as [q | k | v], and by default the
// parallel residual x + attn(ln1(x)) + mlp(ln2(x)).

public sealed record GptNeoXConfig(
    long VocabSize, long Hidden, long Intermediate, long Layers, long Heads, long RotaryDim, double RotaryBase,
    RopeScaling? RopeScaling, double LayerNormEps, bool ParallelResidual, bool AttentionBias,
    double AttentionDropout, double HiddenDropout, bool TieWordEmbeddings)
{
    public long HeadDim => Hidden / Heads;

    public static GptNeoXConfig FromConfig(HfConfig c, bool keepDropout)
    {
        var hidden = c.Size("hidden_size");
        var heads = c.Size("num_attention_heads");
        if (hidden % heads != 0) throw c.Invalid("num_attention_heads", $"hidden_size {hidden} is not divisible by num_attention_heads {heads}");
        var rotaryDim = (long)(hidden / heads * c.Double("rotary_pct", 0.25));
        return new GptNeoXConfig(c.Size("vocab_size"), hidden, c.Size("intermediate_size"), c.Size("num_hidden_layers"),
            heads, rotaryDim, c.Double("rotary_emb_base", 10000), RopeScaling.FromConfig(c), c.Double("layer_norm_eps", 1e-5),
            c.Bool("use_parallel_residual", true), c.Bool("attention_bias", true),
            keepDropout ? c.Double("attention_dropout", 0) : 0, keepDropout ? c.Double("hidden_dropout", 0) : 0,
            c.Bool("tie_word_embeddings", false));
    }
}

public sealed class GptNeoXAttention : Module
{
    private readonly GptNeoXConfig _config;

    public GptNeoXAttention(GptNeoXConfig config)
    {
        _config = config;
        query_key_value = RegisterModule("query_key_value", new Projection(config.Hidden, 3 * config.Hidden, config.AttentionBias));
        dense = RegisterModule("dense", new Projection(config.Hidden, config.Hidden, config.AttentionBias));
    }

    public Projection query_key_value { get; }
    public Projection dense { get; }

    public Tensor forward(Tensor x, AttentionContext context, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var (batch, length) = (x.size(0), x.size(1));
        var headDim = _config.HeadDim;
        var qkv = query_key_value.forward(x).view(batch, length, _config.Heads, 3 * headDim).transpose(1, 2);
        var q = qkv.narrow(-1, 0, headDim);
        var k = qkv.narrow(-1, headDim, headDim);
        var v = qkv.narrow(-1, 2 * headDim, headDim);
        q = RotaryEmbedding.Apply(q, context.RotaryCos!, context.RotarySin!);
        k = RotaryEmbedding.Apply(k, context.RotaryCos!, context.RotarySin!);
        var attended = MultiHeadAttention.Attend(q, k, v.contiguous(), context, layer, training ? _config.AttentionDropout : 0);
        return scope.MoveToOuter(dense.forward(attended));
    }
}

public sealed class GptNeoXMlp : Module
{
    public GptNeoXMlp(GptNeoXConfig config, Func<Tensor, Tensor> activation)
    {
        Act = activation;
        dense_h_to_4h = RegisterModule("dense_h_to_4h", new Projection(config.Hidden, config.Intermediate));
        dense_4h_to_h = RegisterModule("dense_4h_to_h", new Projection(config.Intermediate, config.Hidden));
    }

    private Func<Tensor, Tensor> Act { get; }
    public Projection dense_h_to_4h { get; }
    public Projection dense_4h_to_h { get; }

    public Tensor forward(Tensor x)
    {
        using var up = dense_h_to_4h.forward(x);
        using var activated = Act(up);
        return dense_4h_to_h.forward(activated);
    }
}

public sealed class GptNeoXLayer : Module
{
    public GptNeoXLayer(GptNeoXConfig config, Func<Tensor, Tensor> activation)
    {
        input_layernorm = RegisterModule("input_layernorm", new LayerNorm(config.Hidden, config.LayerNormEps, dtype: ModelConstruction.DType));
        post_attention_layernorm = RegisterModule("post_attention_layernorm", new LayerNorm(config.Hidden, config.LayerNormEps, dtype: ModelConstruction.DType));
        attention = RegisterModule("attention", new GptNeoXAttention(config));
        mlp = RegisterModule("mlp", new GptNeoXMlp(config, activation));
    }

    public LayerNorm input_layernorm { get; }
    public LayerNorm post_attention_layernorm { get; }
    public GptNeoXAttention attention { get; }
    public GptNeoXMlp mlp { get; }
}

/// <summary>GPTNeoXModel: the body under "gpt_neox".</summary>
public sealed class GptNeoXModel : DecoderStack
{
    private readonly GptNeoXConfig _config;
    private readonly RotaryEmbedding _rotary;

    public GptNeoXModel(HfConfig hf, bool keepDropout)
    {
        _config = GptNeoXConfig.FromConfig(hf, keepDropout);
        var activation = Activation.FromConfig(hf, "hidden_act", "gelu");
        _rotary = new RotaryEmbedding(_config.RotaryDim, _config.RotaryBase, _config.RopeScaling);
        embed_in = RegisterModule("embed_in", new Embedding(_config.VocabSize, _config.Hidden, dtype: ModelConstruction.DType));
        layers = RegisterModule("layers", new ModuleList<GptNeoXLayer>(
            Enumerable.Range(0, (int)_config.Layers).Select(_ => new GptNeoXLayer(_config, activation))));
        final_layer_norm = RegisterModule("final_layer_norm", new LayerNorm(_config.Hidden, _config.LayerNormEps, dtype: ModelConstruction.DType));
    }

    public GptNeoXConfig Settings => _config;
    public Embedding embed_in { get; }
    public ModuleList<GptNeoXLayer> layers { get; }
    public LayerNorm final_layer_norm { get; }

    public override int LayerCount => layers.Count;
    public override long HiddenSize => _config.Hidden;
    public override Tensor TokenEmbeddingWeight => embed_in.weight;
    protected override RotaryEmbedding Rotary => _rotary;

    public override Tensor Embed(Tensor inputIds, Tensor positionIds) => Dropout(embed_in.forward(inputIds), _config.HiddenDropout);

    public override Tensor Block(int layer, Tensor hidden, AttentionContext context)
    {
        var block = layers[layer];
        var attended = Dropout(block.attention.forward(block.input_layernorm.forward(hidden), context, layer), _config.HiddenDropout);
        if (_config.ParallelResidual)
        {
            var mlpParallel = Dropout(block.mlp.forward(block.post_attention_layernorm.forward(hidden)), _config.HiddenDropout);
            return mlpParallel + attended + hidden;
        }
        var x = attended + hidden;
        return Dropout(block.mlp.forward(block.post_attention_layernorm.forward(x)), _config.HiddenDropout) + x;
    }

    public override Tensor FinalNorm(Tensor hidden) => final_layer_norm.forward(hidden);
}
