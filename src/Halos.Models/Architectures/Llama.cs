using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

// The Llama family (Touvron et al. 2023): RMSNorm pre-norm blocks, rotary positions, grouped-
// query attention and a SwiGLU MLP (Shazeer 2020). Mistral adds a sliding attention window;
// Qwen2 adds biases to the q, k and v projections. Llama 3.1 rescales RoPE ("llama3"). Qwen3
// drops Qwen2's biases and normalises each query and key head (RMSNorm over head_dim, q_norm and
// k_norm) before the rotary embedding.

public sealed record LlamaConfig(
    long VocabSize, long Hidden, long Intermediate, long Layers, long Heads, long KvHeads, long HeadDim,
    double RmsNormEps, double RopeTheta, RopeScaling? RopeScaling, bool QkvBias, bool OutputBias, bool MlpBias,
    long? SlidingWindow, double AttentionDropout, bool TieWordEmbeddings, bool QkNorm = false, bool[]? SlidingLayers = null)
{
    public static LlamaConfig FromConfig(HfConfig c, bool keepDropout)
    {
        var type = c.ModelType;
        var hidden = c.Size("hidden_size");
        var heads = c.Size("num_attention_heads");
        var kvHeads = c.SizeOr("num_key_value_heads", heads);
        if (heads % kvHeads != 0) throw c.Invalid("num_key_value_heads", $"num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}");
        // Qwen3Config's own default head_dim is 128, whatever hidden_size / heads is.
        var headDim = c.OptionalSize("head_dim") ?? (type == "qwen3" ? 128 : hidden % heads == 0 ? hidden / heads
            : throw c.Invalid("num_attention_heads", $"hidden_size {hidden} is not divisible by num_attention_heads {heads}"));
        var attentionBias = c.Bool("attention_bias", false);
        var (qkvBias, outputBias) = type switch
        {
            "qwen2" => (true, false),
            "mistral" => (false, false),
            _ => (attentionBias, attentionBias),
        };
        long? window = type switch
        {
            "mistral" or "phi3" => c.OptionalSize("sliding_window"),
            "qwen2" or "qwen3" when c.Bool("use_sliding_window", false) => c.OptionalSize("sliding_window"),
            _ => null,
        };
        var layers = c.Size("num_hidden_layers");
        return new LlamaConfig(c.Size("vocab_size"), hidden, c.Size("intermediate_size"), layers,
            heads, kvHeads, headDim, c.Double("rms_norm_eps", 1e-6), c.Double("rope_theta", 10000),
            RopeScaling.FromConfig(c), qkvBias, outputBias, c.Bool("mlp_bias", false), window,
            keepDropout ? c.Double("attention_dropout", 0) : 0, c.Bool("tie_word_embeddings", false),
            QkNorm: type == "qwen3", SlidingLayers: type == "qwen3" && window is not null
                // Qwen3Config's rule: the layers from max_window_layers (28 by default) on use the window.
                ? SlidingWindowLayers.FromConfig(c, layers, i => i >= c.Long("max_window_layers", 28))
                : null);
    }
}

public sealed class LlamaAttention : Module
{
    private readonly LlamaConfig _config;

    public LlamaAttention(LlamaConfig config)
    {
        _config = config;
        q_proj = RegisterModule("q_proj", new Projection(config.Hidden, config.Heads * config.HeadDim, config.QkvBias));
        k_proj = RegisterModule("k_proj", new Projection(config.Hidden, config.KvHeads * config.HeadDim, config.QkvBias));
        v_proj = RegisterModule("v_proj", new Projection(config.Hidden, config.KvHeads * config.HeadDim, config.QkvBias));
        o_proj = RegisterModule("o_proj", new Projection(config.Heads * config.HeadDim, config.Hidden, config.OutputBias));
        if (config.QkNorm)
        {
            q_norm = RegisterModule("q_norm", new RMSNorm(config.HeadDim, config.RmsNormEps, dtype: ModelConstruction.DType));
            k_norm = RegisterModule("k_norm", new RMSNorm(config.HeadDim, config.RmsNormEps, dtype: ModelConstruction.DType));
        }
    }

    public Projection q_proj { get; }
    public Projection k_proj { get; }
    public Projection v_proj { get; }
    public Projection o_proj { get; }

    /// <summary>Qwen3's per-head RMSNorm of the queries and keys; null for the rest of the family.</summary>
    public RMSNorm? q_norm { get; }
    public RMSNorm? k_norm { get; }

    public Tensor forward(Tensor x, AttentionContext context, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var q = MultiHeadAttention.SplitHeads(q_proj.forward(x), _config.Heads);
        var k = MultiHeadAttention.SplitHeads(k_proj.forward(x), _config.KvHeads);
        var v = MultiHeadAttention.SplitHeads(v_proj.forward(x), _config.KvHeads);
        // [B, heads, T, head_dim]: the norm runs over each head's own features, before positions are mixed in.
        if (q_norm is not null) q = q_norm.forward(q);
        if (k_norm is not null) k = k_norm.forward(k);
        q = RotaryEmbedding.Apply(q, context.RotaryCos!, context.RotarySin!);
        k = RotaryEmbedding.Apply(k, context.RotaryCos!, context.RotarySin!);
        var attended = MultiHeadAttention.Attend(q, k, v, context, layer, training ? _config.AttentionDropout : 0);
        return scope.MoveToOuter(o_proj.forward(attended));
    }
}

/// <summary>down(act(gate(x)) · up(x)): SwiGLU with silu, GeGLU with gelu (Gemma 2).</summary>
public sealed class LlamaMlp : Module
{
    public LlamaMlp(long hidden, long intermediate, bool bias, Func<Tensor, Tensor> activation)
    {
        Act = activation;
        gate_proj = RegisterModule("gate_proj", new Projection(hidden, intermediate, bias));
        up_proj = RegisterModule("up_proj", new Projection(hidden, intermediate, bias));
        down_proj = RegisterModule("down_proj", new Projection(intermediate, hidden, bias));
    }

    private Func<Tensor, Tensor> Act { get; }
    public Projection gate_proj { get; }
    public Projection up_proj { get; }
    public Projection down_proj { get; }

    public Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var gated = Act(gate_proj.forward(x)) * up_proj.forward(x);
        return scope.MoveToOuter(down_proj.forward(gated));
    }
}

public sealed class LlamaDecoderLayer : Module
{
    public LlamaDecoderLayer(LlamaConfig config, Func<Tensor, Tensor> activation)
    {
        self_attn = RegisterModule("self_attn", new LlamaAttention(config));
        mlp = RegisterModule("mlp", new LlamaMlp(config.Hidden, config.Intermediate, config.MlpBias, activation));
        input_layernorm = RegisterModule("input_layernorm", new RMSNorm(config.Hidden, config.RmsNormEps, dtype: ModelConstruction.DType));
        post_attention_layernorm = RegisterModule("post_attention_layernorm", new RMSNorm(config.Hidden, config.RmsNormEps, dtype: ModelConstruction.DType));
    }

    public LlamaAttention self_attn { get; }
    public LlamaMlp mlp { get; }
    public RMSNorm input_layernorm { get; }
    public RMSNorm post_attention_layernorm { get; }
}

/// <summary>LlamaModel (also MistralModel, Qwen2Model and Qwen3Model): the body under "model".</summary>
public sealed class LlamaModel : DecoderStack
{
    private readonly LlamaConfig _config;
    private readonly RotaryEmbedding _rotary;

    public LlamaModel(HfConfig hf, bool keepDropout)
    {
        _config = LlamaConfig.FromConfig(hf, keepDropout);
        var activation = Activation.FromConfig(hf, "hidden_act", "silu");
        _rotary = new RotaryEmbedding(_config.HeadDim, _config.RopeTheta, _config.RopeScaling);
        embed_tokens = RegisterModule("embed_tokens", new Embedding(_config.VocabSize, _config.Hidden, dtype: ModelConstruction.DType));
        layers = RegisterModule("layers", new ModuleList<LlamaDecoderLayer>(
            Enumerable.Range(0, (int)_config.Layers).Select(_ => new LlamaDecoderLayer(_config, activation))));
        norm = RegisterModule("norm", new RMSNorm(_config.Hidden, _config.RmsNormEps, dtype: ModelConstruction.DType));
    }

    public LlamaConfig Settings => _config;
    public Embedding embed_tokens { get; }
    public ModuleList<LlamaDecoderLayer> layers { get; }
    public RMSNorm norm { get; }

    public override int LayerCount => layers.Count;
    public override long HiddenSize => _config.Hidden;
    public override Tensor TokenEmbeddingWeight => embed_tokens.weight;
    protected override RotaryEmbedding Rotary => _rotary;
    protected override long? SlidingWindow => _config.SlidingWindow;
    protected override bool SlidesAt(int layer) => _config.SlidingLayers?[layer] ?? true;

    public override Tensor Embed(Tensor inputIds, Tensor positionIds) => embed_tokens.forward(inputIds);

    public override Tensor Block(int layer, Tensor hidden, AttentionContext context)
    {
        var block = layers[layer];
        var x = hidden + block.self_attn.forward(block.input_layernorm.forward(hidden), context, layer);
        return x + block.mlp.forward(block.post_attention_layernorm.forward(x));
    }

    public override Tensor FinalNorm(Tensor hidden) => norm.forward(hidden);
}
