using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

// GPT-2 (Radford et al. 2019): learned absolute positions, pre-LayerNorm blocks, a fused qkv
// projection, GELU MLP and a head tied to the token embeddings. Projections keep the
// checkpoint's Conv1D layout ([in, out]) so names and shapes match transformers' files.

public sealed record Gpt2Config(
    long VocabSize, long MaxPositions, long Hidden, long Layers, long Heads, long Inner,
    double LayerNormEps, double ResidualDropout, double EmbeddingDropout, double AttentionDropout,
    bool ScaleAttentionWeights, bool ScaleByInverseLayerIndex, bool TieWordEmbeddings)
{
    public static Gpt2Config FromConfig(HfConfig c, bool keepDropout)
    {
        var hidden = c.Size("n_embd");
        var heads = c.Size("n_head");
        if (hidden % heads != 0) throw c.Invalid("n_head", $"n_embd {hidden} is not divisible by n_head {heads}");
        double Drop(string key) => keepDropout ? c.Double(key, 0.1) : 0;
        return new Gpt2Config(c.Size("vocab_size"), c.Size("n_positions"), hidden, c.Size("n_layer"), heads,
            c.OptionalSize("n_inner") ?? 4 * hidden, c.Double("layer_norm_epsilon", 1e-5),
            Drop("resid_pdrop"), Drop("embd_pdrop"), Drop("attn_pdrop"),
            c.Bool("scale_attn_weights", true), c.Bool("scale_attn_by_inverse_layer_idx", false),
            c.Bool("tie_word_embeddings", true));
    }
}

public sealed class Gpt2Attention : Module
{
    private readonly Gpt2Config _config;
    private readonly double _scale;

    public Gpt2Attention(Gpt2Config config, int layer)
    {
        _config = config;
        var headDim = config.Hidden / config.Heads;
        _scale = (config.ScaleAttentionWeights ? 1 / Math.Sqrt(headDim) : 1.0) / (config.ScaleByInverseLayerIndex ? layer + 1 : 1);
        c_attn = RegisterModule("c_attn", new Projection(config.Hidden, 3 * config.Hidden, fanInFanOut: true));
        c_proj = RegisterModule("c_proj", new Projection(config.Hidden, config.Hidden, fanInFanOut: true));
    }

    public Projection c_attn { get; }
    public Projection c_proj { get; }

    public Tensor forward(Tensor x, AttentionContext context, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var qkv = c_attn.forward(x).split(_config.Hidden, 2);
        var q = MultiHeadAttention.SplitHeads(qkv[0], _config.Heads);
        var k = MultiHeadAttention.SplitHeads(qkv[1], _config.Heads);
        var v = MultiHeadAttention.SplitHeads(qkv[2], _config.Heads);
        var attended = MultiHeadAttention.Attend(q, k, v, context, layer, training ? _config.AttentionDropout : 0, _scale);
        return scope.MoveToOuter(c_proj.forward(attended));
    }
}

public sealed class Gpt2Mlp : Module
{
    public Gpt2Mlp(Gpt2Config config, Func<Tensor, Tensor> activation)
    {
        Act = activation;
        c_fc = RegisterModule("c_fc", new Projection(config.Hidden, config.Inner, fanInFanOut: true));
        c_proj = RegisterModule("c_proj", new Projection(config.Inner, config.Hidden, fanInFanOut: true));
    }

    private Func<Tensor, Tensor> Act { get; }
    public Projection c_fc { get; }
    public Projection c_proj { get; }

    public Tensor forward(Tensor x)
    {
        using var up = c_fc.forward(x);
        using var activated = Act(up);
        return c_proj.forward(activated);
    }
}

public sealed class Gpt2Block : Module
{
    public Gpt2Block(Gpt2Config config, int layer, Func<Tensor, Tensor> activation)
    {
        ln_1 = RegisterModule("ln_1", new LayerNorm(config.Hidden, config.LayerNormEps, dtype: ModelConstruction.DType));
        attn = RegisterModule("attn", new Gpt2Attention(config, layer));
        ln_2 = RegisterModule("ln_2", new LayerNorm(config.Hidden, config.LayerNormEps, dtype: ModelConstruction.DType));
        mlp = RegisterModule("mlp", new Gpt2Mlp(config, activation));
    }

    public LayerNorm ln_1 { get; }
    public Gpt2Attention attn { get; }
    public LayerNorm ln_2 { get; }
    public Gpt2Mlp mlp { get; }
}

/// <summary>GPT2Model: the body under "transformer".</summary>
public sealed class Gpt2Model : DecoderStack
{
    private readonly Gpt2Config _config;

    public Gpt2Model(HfConfig hf, bool keepDropout)
    {
        _config = Gpt2Config.FromConfig(hf, keepDropout);
        var activation = Activation.FromConfig(hf, "activation_function", "gelu_new");
        wte = RegisterModule("wte", new Embedding(_config.VocabSize, _config.Hidden, dtype: ModelConstruction.DType));
        wpe = RegisterModule("wpe", new Embedding(_config.MaxPositions, _config.Hidden, dtype: ModelConstruction.DType));
        h = RegisterModule("h", new ModuleList<Gpt2Block>(
            Enumerable.Range(0, (int)_config.Layers).Select(i => new Gpt2Block(_config, i, activation))));
        ln_f = RegisterModule("ln_f", new LayerNorm(_config.Hidden, _config.LayerNormEps, dtype: ModelConstruction.DType));
    }

    public Gpt2Config Settings => _config;
    public Embedding wte { get; }
    public Embedding wpe { get; }
    public ModuleList<Gpt2Block> h { get; }
    public LayerNorm ln_f { get; }

    public override int LayerCount => h.Count;
    public override long HiddenSize => _config.Hidden;
    public override Tensor TokenEmbeddingWeight => wte.weight;

    public override Tensor Embed(Tensor inputIds, Tensor positionIds)
    {
        using var scope = torch.NewDisposeScope();
        using (var maxPosition = positionIds.max())
            if (maxPosition.item<long>() >= _config.MaxPositions)
                throw new ArgumentException($"position {maxPosition.item<long>()} is beyond GPT-2's n_positions {_config.MaxPositions}");
        var x = wte.forward(inputIds) + wpe.forward(positionIds);
        return scope.MoveToOuter(Dropout(x, _config.EmbeddingDropout));
    }

    public override Tensor Block(int layer, Tensor hidden, AttentionContext context)
    {
        var block = h[layer];
        var attended = Dropout(block.attn.forward(block.ln_1.forward(hidden), context, layer), _config.ResidualDropout);
        var x = hidden + attended;
        var mlp = Dropout(block.mlp.forward(block.ln_2.forward(x)), _config.ResidualDropout);
        return x + mlp;
    }

    public override Tensor FinalNorm(Tensor hidden) => ln_f.forward(hidden);
}
