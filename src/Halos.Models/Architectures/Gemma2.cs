using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

// Gemma 2 (Gemma Team 2024): Llama's grouped-query attention and gated MLP (GeGLU, tanh GELU)
// with (1 + w) RMSNorms both before and after attention and the MLP, embeddings scaled by
// √hidden, a head_dim of its own, scores scaled by query_pre_attn_scalar^-½ and soft-capped
// (c·tanh(s / c)), a sliding window on every other layer (even layers slide, odd layers attend
// globally), and final logits soft-capped too (applied by CausalLanguageModel.LogitSoftCap).

public sealed record Gemma2Config(
    long VocabSize, long Hidden, long Intermediate, long Layers, long Heads, long KvHeads, long HeadDim,
    double RmsNormEps, double RopeTheta, RopeScaling? RopeScaling, bool AttentionBias, double QueryPreAttnScalar,
    double? AttentionSoftCap, double? FinalLogitSoftCap, long? SlidingWindow, bool[] SlidingLayers, double AttentionDropout)
{
    /// <summary>Gemma2Config's defaults where config.json leaves a key out; an explicit null turns a cap or the window off.</summary>
    public static Gemma2Config FromConfig(HfConfig c, bool keepDropout)
    {
        var heads = c.Long("num_attention_heads");
        var kvHeads = c.Long("num_key_value_heads", heads);
        if (heads % kvHeads != 0) throw c.Invalid("num_key_value_heads", $"num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}");
        var layers = c.Long("num_hidden_layers");
        return new Gemma2Config(c.Long("vocab_size"), c.Long("hidden_size"), c.Long("intermediate_size"), layers, heads, kvHeads,
            c.Long("head_dim", 256), c.Double("rms_norm_eps", 1e-6), c.Double("rope_theta", 10000), RopeScaling.FromConfig(c),
            c.Bool("attention_bias", false), PositiveOrAbsent(c, "query_pre_attn_scalar", 256) ?? throw c.Missing("query_pre_attn_scalar", "a positive number"),
            PositiveOrAbsent(c, "attn_logit_softcapping", 50), FinalLogitSoftCapOf(c),
            c.Json.ContainsKey("sliding_window") ? c.OptionalLong("sliding_window") : 4096,
            // Gemma2's rule: layer i slides when i is even.
            SlidingWindowLayers.FromConfig(c, layers, i => i % 2 == 0),
            keepDropout ? c.Double("attention_dropout", 0) : 0);
    }

    /// <summary>final_logit_softcapping: 30 when absent, none when null.</summary>
    public static double? FinalLogitSoftCapOf(HfConfig c) => PositiveOrAbsent(c, "final_logit_softcapping", 30);

    private static double? PositiveOrAbsent(HfConfig c, string key, double fallback)
    {
        var value = c.Json.ContainsKey(key) ? c.OptionalDouble(key) : fallback;
        if (value is <= 0) throw c.Invalid(key, $"expected a positive number or null, got {value}");
        return value;
    }
}

public sealed class Gemma2Attention : Module
{
    private readonly Gemma2Config _config;

    public Gemma2Attention(Gemma2Config config)
    {
        _config = config;
        q_proj = RegisterModule("q_proj", new Projection(config.Hidden, config.Heads * config.HeadDim, config.AttentionBias));
        k_proj = RegisterModule("k_proj", new Projection(config.Hidden, config.KvHeads * config.HeadDim, config.AttentionBias));
        v_proj = RegisterModule("v_proj", new Projection(config.Hidden, config.KvHeads * config.HeadDim, config.AttentionBias));
        o_proj = RegisterModule("o_proj", new Projection(config.Heads * config.HeadDim, config.Hidden, config.AttentionBias));
    }

    public Projection q_proj { get; }
    public Projection k_proj { get; }
    public Projection v_proj { get; }
    public Projection o_proj { get; }

    public Tensor forward(Tensor x, AttentionContext context, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var q = MultiHeadAttention.SplitHeads(q_proj.forward(x), _config.Heads);
        var k = MultiHeadAttention.SplitHeads(k_proj.forward(x), _config.KvHeads);
        var v = MultiHeadAttention.SplitHeads(v_proj.forward(x), _config.KvHeads);
        q = RotaryEmbedding.Apply(q, context.RotaryCos!, context.RotarySin!);
        k = RotaryEmbedding.Apply(k, context.RotaryCos!, context.RotarySin!);
        var attended = MultiHeadAttention.Attend(q, k, v, context, layer, training ? _config.AttentionDropout : 0,
            scale: 1 / Math.Sqrt(_config.QueryPreAttnScalar), scoreSoftCap: _config.AttentionSoftCap);
        return scope.MoveToOuter(o_proj.forward(attended));
    }
}

public sealed class Gemma2DecoderLayer : Module
{
    public Gemma2DecoderLayer(Gemma2Config config, Func<Tensor, Tensor> activation)
    {
        self_attn = RegisterModule("self_attn", new Gemma2Attention(config));
        mlp = RegisterModule("mlp", new LlamaMlp(config.Hidden, config.Intermediate, bias: false, activation));
        input_layernorm = RegisterModule("input_layernorm", new GemmaRmsNorm(config.Hidden, config.RmsNormEps));
        post_attention_layernorm = RegisterModule("post_attention_layernorm", new GemmaRmsNorm(config.Hidden, config.RmsNormEps));
        pre_feedforward_layernorm = RegisterModule("pre_feedforward_layernorm", new GemmaRmsNorm(config.Hidden, config.RmsNormEps));
        post_feedforward_layernorm = RegisterModule("post_feedforward_layernorm", new GemmaRmsNorm(config.Hidden, config.RmsNormEps));
    }

    public Gemma2Attention self_attn { get; }
    public LlamaMlp mlp { get; }
    public GemmaRmsNorm input_layernorm { get; }
    public GemmaRmsNorm post_attention_layernorm { get; }
    public GemmaRmsNorm pre_feedforward_layernorm { get; }
    public GemmaRmsNorm post_feedforward_layernorm { get; }
}

/// <summary>Gemma2Model: the body under "model".</summary>
public sealed class Gemma2Model : DecoderStack
{
    private readonly Gemma2Config _config;
    private readonly RotaryEmbedding _rotary;

    public Gemma2Model(HfConfig hf, bool keepDropout)
    {
        _config = Gemma2Config.FromConfig(hf, keepDropout);
        var activation = Activation.FromConfig(hf, "hidden_activation", "gelu_pytorch_tanh");
        _rotary = new RotaryEmbedding(_config.HeadDim, _config.RopeTheta, _config.RopeScaling);
        embed_tokens = RegisterModule("embed_tokens", new Embedding(_config.VocabSize, _config.Hidden, dtype: ModelConstruction.DType));
        layers = RegisterModule("layers", new ModuleList<Gemma2DecoderLayer>(
            Enumerable.Range(0, (int)_config.Layers).Select(_ => new Gemma2DecoderLayer(_config, activation))));
        norm = RegisterModule("norm", new GemmaRmsNorm(_config.Hidden, _config.RmsNormEps));
    }

    public Gemma2Config Settings => _config;
    public Embedding embed_tokens { get; }
    public ModuleList<Gemma2DecoderLayer> layers { get; }
    public GemmaRmsNorm norm { get; }

    public override int LayerCount => layers.Count;
    public override long HiddenSize => _config.Hidden;
    public override Tensor TokenEmbeddingWeight => embed_tokens.weight;
    protected override RotaryEmbedding Rotary => _rotary;
    protected override long? SlidingWindow => _config.SlidingWindow;
    protected override bool SlidesAt(int layer) => _config.SlidingLayers[layer];

    /// <summary>Embeddings times √hidden, the factor rounded to the model's dtype first as transformers does.</summary>
    public override Tensor Embed(Tensor inputIds, Tensor positionIds)
    {
        using var scope = torch.NewDisposeScope();
        var embedded = embed_tokens.forward(inputIds);
        var normalizer = torch.tensor(Math.Sqrt(_config.Hidden), embedded.dtype).to(embedded.device);
        return scope.MoveToOuter(embedded * normalizer);
    }

    public override Tensor Block(int layer, Tensor hidden, AttentionContext context)
    {
        var block = layers[layer];
        var attended = block.self_attn.forward(block.input_layernorm.forward(hidden), context, layer);
        var x = hidden + block.post_attention_layernorm.forward(attended);
        var fed = block.mlp.forward(block.pre_feedforward_layernorm.forward(x));
        return x + block.post_feedforward_layernorm.forward(fed);
    }

    public override Tensor FinalNorm(Tensor hidden) => norm.forward(hidden);
}
