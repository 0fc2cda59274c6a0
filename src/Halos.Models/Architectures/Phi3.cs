using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

// Phi-3 (Abdin et al. 2024): Llama's block with the q, k and v projections fused into one
// qkv_proj and the MLP's gate and up projections into one gate_up_proj, kept fused so that
// checkpoints load and save under transformers' names and shapes. Its long-context variants
// rescale RoPE ("longrope"), which is not implemented here and is refused at load.

/// <summary>qkv_proj → [q | k | v] along the features, then rotary, attention and o_proj.</summary>
public sealed class Phi3Attention : Module
{
    private readonly LlamaConfig _config;

    public Phi3Attention(LlamaConfig config)
    {
        _config = config;
        var fused = (config.Heads + 2 * config.KvHeads) * config.HeadDim;
        qkv_proj = RegisterModule("qkv_proj", new Projection(config.Hidden, fused, bias: false));
        o_proj = RegisterModule("o_proj", new Projection(config.Heads * config.HeadDim, config.Hidden, bias: false));
    }

    public Projection qkv_proj { get; }
    public Projection o_proj { get; }

    public Tensor forward(Tensor x, AttentionContext context, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var qkv = qkv_proj.forward(x);
        var querySize = _config.Heads * _config.HeadDim;
        var kvSize = _config.KvHeads * _config.HeadDim;
        var q = MultiHeadAttention.SplitHeads(qkv.narrow(-1, 0, querySize), _config.Heads);
        var k = MultiHeadAttention.SplitHeads(qkv.narrow(-1, querySize, kvSize), _config.KvHeads);
        var v = MultiHeadAttention.SplitHeads(qkv.narrow(-1, querySize + kvSize, kvSize), _config.KvHeads);
        q = RotaryEmbedding.Apply(q, context.RotaryCos!, context.RotarySin!);
        k = RotaryEmbedding.Apply(k, context.RotaryCos!, context.RotarySin!);
        var attended = MultiHeadAttention.Attend(q, k, v, context, layer, training ? _config.AttentionDropout : 0);
        return scope.MoveToOuter(o_proj.forward(attended));
    }
}

/// <summary>down(act(gate) · up), where gate_up_proj(x) = [gate | up] along the features.</summary>
public sealed class Phi3Mlp : Module
{
    private readonly long _intermediate;

    public Phi3Mlp(LlamaConfig config, Func<Tensor, Tensor> activation)
    {
        _intermediate = config.Intermediate;
        Act = activation;
        gate_up_proj = RegisterModule("gate_up_proj", new Projection(config.Hidden, 2 * config.Intermediate, bias: false));
        down_proj = RegisterModule("down_proj", new Projection(config.Intermediate, config.Hidden, bias: false));
    }

    private Func<Tensor, Tensor> Act { get; }
    public Projection gate_up_proj { get; }
    public Projection down_proj { get; }

    public Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var gateUp = gate_up_proj.forward(x);
        var gated = Act(gateUp.narrow(-1, 0, _intermediate)) * gateUp.narrow(-1, _intermediate, _intermediate);
        return scope.MoveToOuter(down_proj.forward(gated));
    }
}

public sealed class Phi3DecoderLayer : Module
{
    public Phi3DecoderLayer(LlamaConfig config, Func<Tensor, Tensor> activation)
    {
        self_attn = RegisterModule("self_attn", new Phi3Attention(config));
        mlp = RegisterModule("mlp", new Phi3Mlp(config, activation));
        input_layernorm = RegisterModule("input_layernorm", new RMSNorm(config.Hidden, config.RmsNormEps, dtype: ModelConstruction.DType));
        post_attention_layernorm = RegisterModule("post_attention_layernorm", new RMSNorm(config.Hidden, config.RmsNormEps, dtype: ModelConstruction.DType));
    }

    public Phi3Attention self_attn { get; }
    public Phi3Mlp mlp { get; }
    public RMSNorm input_layernorm { get; }
    public RMSNorm post_attention_layernorm { get; }
}

/// <summary>Phi3Model: the body under "model".</summary>
public sealed class Phi3Model : DecoderStack
{
    private readonly LlamaConfig _config;
    private readonly RotaryEmbedding _rotary;
    private readonly double _residualDropout;
    private readonly double _embeddingDropout;

    public Phi3Model(HfConfig hf, bool keepDropout)
    {
        RefuseRopeScaling(hf);
        _config = LlamaConfig.FromConfig(hf, keepDropout);
        _residualDropout = keepDropout ? hf.Double("resid_pdrop", 0) : 0;
        _embeddingDropout = keepDropout ? hf.Double("embd_pdrop", 0) : 0;
        var activation = Activation.FromConfig(hf, "hidden_act", "silu");
        // partial_rotary_factor (Phi-4-mini) rotates the first part of each head only, as GPT-NeoX does.
        var rotaryDim = (long)(_config.HeadDim * hf.Double("partial_rotary_factor", 1.0));
        _rotary = new RotaryEmbedding(rotaryDim, _config.RopeTheta);
        embed_tokens = RegisterModule("embed_tokens", new Embedding(_config.VocabSize, _config.Hidden, dtype: ModelConstruction.DType));
        layers = RegisterModule("layers", new ModuleList<Phi3DecoderLayer>(
            Enumerable.Range(0, (int)_config.Layers).Select(_ => new Phi3DecoderLayer(_config, activation))));
        norm = RegisterModule("norm", new RMSNorm(_config.Hidden, _config.RmsNormEps, dtype: ModelConstruction.DType));
    }

    /// <summary>
    /// Phi3Config accepts "longrope" (and, in older configs, "su" or "yarn"); none is implemented here, and loading
    /// such a checkpoint with plain RoPE would be silently wrong past its original context, so it is refused.
    /// </summary>
    private static void RefuseRopeScaling(HfConfig hf)
    {
        var scaling = hf.OptionalObject("rope_scaling");
        if (scaling is null) return;
        var type = scaling.OptionalString("rope_type") ?? scaling.OptionalString("type")
            ?? throw hf.Invalid("rope_scaling", "expected 'rope_type' (or 'type') inside it");
        if (type == "default") return;
        throw hf.Invalid("rope_scaling", $"rope scaling type '{type}' is not implemented for phi3; only checkpoints without rope_scaling " +
                                         "(the 4k-context Phi-3 models) are supported");
    }

    public LlamaConfig Settings => _config;
    public Embedding embed_tokens { get; }
    public ModuleList<Phi3DecoderLayer> layers { get; }
    public RMSNorm norm { get; }

    public override int LayerCount => layers.Count;
    public override long HiddenSize => _config.Hidden;
    public override Tensor TokenEmbeddingWeight => embed_tokens.weight;
    protected override RotaryEmbedding Rotary => _rotary;
    protected override long? SlidingWindow => _config.SlidingWindow;

    public override Tensor Embed(Tensor inputIds, Tensor positionIds) => Dropout(embed_tokens.forward(inputIds), _embeddingDropout);

    public override Tensor Block(int layer, Tensor hidden, AttentionContext context)
    {
        var block = layers[layer];
        var x = hidden + Dropout(block.self_attn.forward(block.input_layernorm.forward(hidden), context, layer), _residualDropout);
        return x + Dropout(block.mlp.forward(block.post_attention_layernorm.forward(x)), _residualDropout);
    }

    public override Tensor FinalNorm(Tensor hidden) => norm.forward(hidden);
}
