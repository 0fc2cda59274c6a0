using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

// DeBERTa-v2 and v3 (He et al. 2021; 2023) as reward-model backbones: BERT's post-LayerNorm
// blocks with disentangled attention over relative positions instead of absolute position
// embeddings (v3 sets position_biased_input false and has none), and a sequence score from the
// ContextPooler (an activation over a dense layer on the first token) through a linear classifier.

public sealed class DebertaV2Embeddings : Module
{
    private readonly DebertaV2Config _config;

    public DebertaV2Embeddings(DebertaV2Config config)
    {
        _config = config;
        var dtype = ModelConstruction.DType;
        word_embeddings = RegisterModule("word_embeddings", new Embedding(config.VocabSize, config.EmbeddingSize, dtype: dtype));
        if (config.PositionBiasedInput)
            position_embeddings = RegisterModule("position_embeddings", new Embedding(config.MaxPositions, config.EmbeddingSize, dtype: dtype));
        if (config.TypeVocabSize > 0)
            token_type_embeddings = RegisterModule("token_type_embeddings", new Embedding(config.TypeVocabSize, config.EmbeddingSize, dtype: dtype));
        if (config.EmbeddingSize != config.Hidden)
            embed_proj = RegisterModule("embed_proj", new Projection(config.EmbeddingSize, config.Hidden, bias: false));
        LayerNorm = RegisterModule("LayerNorm", new LayerNorm(config.Hidden, config.LayerNormEps, dtype: dtype));
    }

    public Embedding word_embeddings { get; }
    public Embedding? position_embeddings { get; }
    public Embedding? token_type_embeddings { get; }
    public Projection? embed_proj { get; }
    public LayerNorm LayerNorm { get; }

    /// <summary>Padding positions are zeroed after the LayerNorm, as transformers does.</summary>
    public Tensor forward(Tensor inputIds, Tensor paddingMask)
    {
        using var scope = torch.NewDisposeScope();
        var length = inputIds.size(1);
        var x = word_embeddings.forward(inputIds);
        if (position_embeddings is not null)
        {
            if (length > _config.MaxPositions)
                throw new ArgumentException($"{length} tokens exceed max_position_embeddings {_config.MaxPositions}");
            x = x + position_embeddings.forward(torch.arange(length, device: inputIds.device).unsqueeze(0));
        }
        if (token_type_embeddings is not null)
            x = x + token_type_embeddings.forward(torch.zeros(inputIds.shape, ScalarType.Int64, inputIds.device));
        if (embed_proj is not null) x = embed_proj.forward(x);
        var normed = LayerNorm.forward(x) * paddingMask.unsqueeze(-1).to(x.dtype);
        return scope.MoveToOuter(_config.HiddenDropout > 0 && training ? F.dropout(normed, _config.HiddenDropout) : normed);
    }
}

public sealed class DebertaV2Attention : Module
{
    public DebertaV2Attention(DebertaV2Config config)
    {
        self = RegisterModule("self", new DisentangledSelfAttention(config));
        output = RegisterModule("output", new BertResidualOutput(config.Heads * config.HeadSize, config.Hidden, config.LayerNormEps, config.HiddenDropout));
    }

    public DisentangledSelfAttention self { get; }
    public BertResidualOutput output { get; }
}

public sealed class DebertaV2Layer : Module
{
    public DebertaV2Layer(DebertaV2Config config)
    {
        attention = RegisterModule("attention", new DebertaV2Attention(config));
        intermediate = RegisterModule("intermediate", new BertIntermediate(config.Hidden, config.Intermediate));
        output = RegisterModule("output", new BertResidualOutput(config.Intermediate, config.Hidden, config.LayerNormEps, config.HiddenDropout));
    }

    public DebertaV2Attention attention { get; }
    public BertIntermediate intermediate { get; }
    public BertResidualOutput output { get; }
}

/// <summary>The layers, and the relative-position embedding table they share (optionally layer-normed: norm_rel_ebd).</summary>
public sealed class DebertaV2Encoder : Module
{
    public DebertaV2Encoder(DebertaV2Config config)
    {
        layer = RegisterModule("layer", new ModuleList<DebertaV2Layer>(Enumerable.Range(0, (int)config.Layers).Select(_ => new DebertaV2Layer(config))));
        if (!config.RelativeAttention) return;
        rel_embeddings = RegisterModule("rel_embeddings", new Embedding(2 * config.AttentionSpan, config.Hidden, dtype: ModelConstruction.DType));
        if (config.NormRelativeEmbeddings)
            LayerNorm = RegisterModule("LayerNorm", new LayerNorm(config.Hidden, config.LayerNormEps, dtype: ModelConstruction.DType));
    }

    public ModuleList<DebertaV2Layer> layer { get; }
    public Embedding? rel_embeddings { get; }
    public LayerNorm? LayerNorm { get; }

    /// <summary>The relative embeddings the attention reads, [2·span, H]; null without relative attention.</summary>
    public Tensor? RelativeEmbeddings() =>
        rel_embeddings is null ? null : LayerNorm is null ? rel_embeddings.weight : LayerNorm.forward(rel_embeddings.weight);
}

/// <summary>DebertaV2Model: embeddings and the encoder (no pooler; the classifier owns it).</summary>
public sealed class DebertaV2Model : Module
{
    private readonly DebertaV2Config _config;
    private readonly Func<Tensor, Tensor> _activation;

    public DebertaV2Model(HfConfig hf, bool keepDropout)
    {
        _config = DebertaV2Config.FromConfig(hf, keepDropout);
        _activation = Activation.FromConfig(hf, "hidden_act", "gelu");
        embeddings = RegisterModule("embeddings", new DebertaV2Embeddings(_config));
        encoder = RegisterModule("encoder", new DebertaV2Encoder(_config));
    }

    public DebertaV2Config Settings => _config;
    public DebertaV2Embeddings embeddings { get; }
    public DebertaV2Encoder encoder { get; }

    /// <summary>The last hidden states [B, T, H].</summary>
    public Tensor forward(Tensor inputIds, Tensor? attentionMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var length = inputIds.size(1);
        var padding = attentionMask ?? torch.ones(inputIds.shape, ScalarType.Int64, inputIds.device);
        var hidden = embeddings.forward(inputIds, padding);
        var real = padding.ne(0);
        var allowed = real.unsqueeze(1).logical_and(real.unsqueeze(2)).unsqueeze(1);  // [B, 1, T, T]: query and key both real
        var relativeIndex = _config.RelativeAttention
            ? RelativePositionBuckets.Index(length, _config.PositionBuckets, _config.MaxRelativePositions, _config.AttentionSpan, inputIds.device)
            : null;
        var relativeEmbeddings = encoder.RelativeEmbeddings();
        foreach (var block in encoder.layer)
        {
            var attended = block.attention.self.forward(hidden, allowed, relativeIndex, relativeEmbeddings);
            var x = block.attention.output.forward(attended, hidden);
            hidden = block.output.forward(_activation(block.intermediate.dense.forward(x)), x);
        }
        return scope.MoveToOuter(hidden);
    }
}

/// <summary>DeBERTa's ContextPooler: dropout, a dense layer and pooler_hidden_act over the first token.</summary>
public sealed class ContextPooler : Module
{
    private readonly Func<Tensor, Tensor> _activation;
    private readonly double _dropout;

    public ContextPooler(HfConfig hf, DebertaV2Config config)
    {
        _activation = Activation.FromConfig(hf, "pooler_hidden_act", "gelu");
        _dropout = config.PoolerDropout;
        dense = RegisterModule("dense", new Projection(config.PoolerHidden, config.PoolerHidden));
    }

    public Projection dense { get; }

    public Tensor forward(Tensor hidden)
    {
        using var scope = torch.NewDisposeScope();
        var first = hidden.select(1, 0);
        if (_dropout > 0 && training) first = F.dropout(first, _dropout);
        return scope.MoveToOuter(_activation(dense.forward(first)));
    }
}

/// <summary>DebertaV2ForSequenceClassification: the classifier on the pooled first token.</summary>
public sealed class DebertaV2ForSequenceClassification : SequenceClassifier
{
    public DebertaV2ForSequenceClassification(HfConfig config, bool keepDropout)
        : base(config, "DebertaV2ForSequenceClassification")
    {
        deberta = RegisterModule("deberta", new DebertaV2Model(config, keepDropout));
        if (deberta.Settings.PoolerHidden != deberta.Settings.Hidden)
            throw config.Invalid("pooler_hidden_size", $"{deberta.Settings.PoolerHidden} differs from hidden_size {deberta.Settings.Hidden}; the pooler reads the hidden state directly, so they must be equal");
        pooler = RegisterModule("pooler", new ContextPooler(config, deberta.Settings));
        NumLabels = config.NumLabels;
        classifier = RegisterModule("classifier", new Projection(deberta.Settings.PoolerHidden, NumLabels));
    }

    public DebertaV2Model deberta { get; }
    public ContextPooler pooler { get; }
    public Projection classifier { get; }
    public override long NumLabels { get; }

    public override Tensor forward(Tensor inputIds, Tensor? attentionMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var pooled = pooler.forward(deberta.forward(inputIds, attentionMask));
        var dropout = deberta.Settings.ClassifierDropout;
        if (dropout > 0 && training) pooled = F.dropout(pooled, dropout);
        return scope.MoveToOuter(classifier.forward(pooled));
    }
}
