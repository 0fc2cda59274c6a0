using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

// BERT (Devlin et al. 2019) and ERNIE 3.0 (Sun et al. 2021) encoders as reward-model backbones:
// post-LayerNorm blocks over bidirectional attention, and a sequence score from the pooler
// (tanh of a dense layer over the first token) through a linear classifier. ERNIE adds a
// task-type embedding (use_task_id); its tensors live under "ernie." instead of "bert.".

public sealed record BertConfig(
    long VocabSize, long Hidden, long Layers, long Heads, long Intermediate, double LayerNormEps,
    long MaxPositions, long TypeVocabSize, long? TaskTypeVocabSize, long PadTokenId,
    double HiddenDropout, double AttentionDropout, double ClassifierDropout)
{
    public static BertConfig FromConfig(HfConfig c, bool keepDropout)
    {
        var hidden = c.Size("hidden_size");
        var heads = c.Size("num_attention_heads");
        if (hidden % heads != 0) throw c.Invalid("num_attention_heads", $"hidden_size {hidden} is not divisible by num_attention_heads {heads}");
        var positionType = c.OptionalString("position_embedding_type") ?? "absolute";
        if (positionType != "absolute") throw c.Invalid("position_embedding_type", $"only 'absolute' is supported, got '{positionType}'");
        var hiddenDropout = keepDropout ? c.Double("hidden_dropout_prob", 0.1) : 0;
        return new BertConfig(c.Size("vocab_size"), hidden, c.Size("num_hidden_layers"), heads, c.Size("intermediate_size"),
            c.Double("layer_norm_eps", 1e-12), c.Size("max_position_embeddings"), c.SizeOr("type_vocab_size", 2),
            c.Bool("use_task_id", false) ? c.SizeOr("task_type_vocab_size", 3) : null, c.Long("pad_token_id", 0),
            hiddenDropout, keepDropout ? c.Double("attention_probs_dropout_prob", 0.1) : 0,
            keepDropout ? c.OptionalDouble("classifier_dropout") ?? hiddenDropout : 0);
    }
}

public sealed class BertEmbeddings : Module
{
    private readonly BertConfig _config;

    public BertEmbeddings(BertConfig config)
    {
        _config = config;
        word_embeddings = RegisterModule("word_embeddings", new Embedding(config.VocabSize, config.Hidden, dtype: ModelConstruction.DType));
        position_embeddings = RegisterModule("position_embeddings", new Embedding(config.MaxPositions, config.Hidden, dtype: ModelConstruction.DType));
        token_type_embeddings = RegisterModule("token_type_embeddings", new Embedding(config.TypeVocabSize, config.Hidden, dtype: ModelConstruction.DType));
        if (config.TaskTypeVocabSize is { } tasks)
            task_type_embeddings = RegisterModule("task_type_embeddings", new Embedding(tasks, config.Hidden, dtype: ModelConstruction.DType));
        LayerNorm = RegisterModule("LayerNorm", new LayerNorm(config.Hidden, config.LayerNormEps, dtype: ModelConstruction.DType));
    }

    public Embedding word_embeddings { get; }
    public Embedding position_embeddings { get; }
    public Embedding token_type_embeddings { get; }
    public Embedding? task_type_embeddings { get; }
    public LayerNorm LayerNorm { get; }

    /// <summary>Token type and task type ids default to zeros, as transformers does.</summary>
    public Tensor forward(Tensor inputIds, Tensor? tokenTypeIds = null, Tensor? taskTypeIds = null)
    {
        using var scope = torch.NewDisposeScope();
        var length = inputIds.size(1);
        if (length > _config.MaxPositions)
            throw new ArgumentException($"{length} tokens exceed max_position_embeddings {_config.MaxPositions}");
        var positions = torch.arange(length, device: inputIds.device).unsqueeze(0);
        tokenTypeIds ??= torch.zeros(inputIds.shape, ScalarType.Int64, inputIds.device);
        var x = word_embeddings.forward(inputIds) + position_embeddings.forward(positions) + token_type_embeddings.forward(tokenTypeIds);
        if (task_type_embeddings is not null)
            x = x + task_type_embeddings.forward(taskTypeIds ?? torch.zeros(inputIds.shape, ScalarType.Int64, inputIds.device));
        var normed = LayerNorm.forward(x);
        return scope.MoveToOuter(_config.HiddenDropout > 0 && training ? F.dropout(normed, _config.HiddenDropout) : normed);
    }
}

public sealed class BertSelfAttention : Module
{
    public BertSelfAttention(BertConfig config)
    {
        query = RegisterModule("query", new Projection(config.Hidden, config.Hidden));
        key = RegisterModule("key", new Projection(config.Hidden, config.Hidden));
        value = RegisterModule("value", new Projection(config.Hidden, config.Hidden));
    }

    public Projection query { get; }
    public Projection key { get; }
    public Projection value { get; }
}

/// <summary>A dense layer, dropout, then LayerNorm over the residual sum (BertSelfOutput and BertOutput).</summary>
public sealed class BertResidualOutput : Module
{
    private readonly double _dropout;

    public BertResidualOutput(long inFeatures, BertConfig config)
        : this(inFeatures, config.Hidden, config.LayerNormEps, config.HiddenDropout) { }

    /// <summary>Also DeBERTa's DebertaV2SelfOutput and DebertaV2Output, which compute the same.</summary>
    public BertResidualOutput(long inFeatures, long hidden, double layerNormEps, double dropout)
    {
        _dropout = dropout;
        dense = RegisterModule("dense", new Projection(inFeatures, hidden));
        LayerNorm = RegisterModule("LayerNorm", new LayerNorm(hidden, layerNormEps, dtype: ModelConstruction.DType));
    }

    public Projection dense { get; }
    public LayerNorm LayerNorm { get; }

    public Tensor forward(Tensor x, Tensor residual)
    {
        using var scope = torch.NewDisposeScope();
        var projected = dense.forward(x);
        if (_dropout > 0 && training) projected = F.dropout(projected, _dropout);
        return scope.MoveToOuter(LayerNorm.forward(projected + residual));
    }
}

public sealed class BertAttention : Module
{
    public BertAttention(BertConfig config)
    {
        self = RegisterModule("self", new BertSelfAttention(config));
        output = RegisterModule("output", new BertResidualOutput(config.Hidden, config));
    }

    public BertSelfAttention self { get; }
    public BertResidualOutput output { get; }
}

public sealed class BertIntermediate : Module
{
    public BertIntermediate(BertConfig config) : this(config.Hidden, config.Intermediate) { }

    public BertIntermediate(long hidden, long intermediate) => dense = RegisterModule("dense", new Projection(hidden, intermediate));

    public Projection dense { get; }
}

public sealed class BertLayer : Module
{
    public BertLayer(BertConfig config)
    {
        attention = RegisterModule("attention", new BertAttention(config));
        intermediate = RegisterModule("intermediate", new BertIntermediate(config));
        output = RegisterModule("output", new BertResidualOutput(config.Intermediate, config));
    }

    public BertAttention attention { get; }
    public BertIntermediate intermediate { get; }
    public BertResidualOutput output { get; }
}

public sealed class BertEncoder : Module
{
    public BertEncoder(BertConfig config) =>
        layer = RegisterModule("layer", new ModuleList<BertLayer>(Enumerable.Range(0, (int)config.Layers).Select(_ => new BertLayer(config))));

    public ModuleList<BertLayer> layer { get; }
}

public sealed class BertPooler : Module
{
    public BertPooler(BertConfig config) => dense = RegisterModule("dense", new Projection(config.Hidden, config.Hidden));

    public Projection dense { get; }
}

/// <summary>BertModel / ErnieModel: embeddings, the encoder stack and the pooler.</summary>
public sealed class BertModel : Module
{
    private readonly BertConfig _config;
    private readonly Func<Tensor, Tensor> _activation;

    public BertModel(HfConfig hf, bool keepDropout)
    {
        _config = BertConfig.FromConfig(hf, keepDropout);
        _activation = Activation.FromConfig(hf, "hidden_act", "gelu");
        embeddings = RegisterModule("embeddings", new BertEmbeddings(_config));
        encoder = RegisterModule("encoder", new BertEncoder(_config));
        pooler = RegisterModule("pooler", new BertPooler(_config));
    }

    public BertConfig Settings => _config;
    public BertEmbeddings embeddings { get; }
    public BertEncoder encoder { get; }
    public BertPooler pooler { get; }

    /// <summary>The last hidden states [B, T, H].</summary>
    public Tensor forward(Tensor inputIds, Tensor? attentionMask = null, Tensor? tokenTypeIds = null)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = embeddings.forward(inputIds, tokenTypeIds);
        var mask = AttentionMask.Build(attentionMask, inputIds.size(1), 0, causal: false, null, hidden.dtype, hidden.device);
        using var context = new AttentionContext { Mask = mask is null ? null : DisposeScope.Detach(mask), Causal = false };
        foreach (var block in encoder.layer)
        {
            var self = block.attention.self;
            var q = MultiHeadAttention.SplitHeads(self.query.forward(hidden), _config.Heads);
            var k = MultiHeadAttention.SplitHeads(self.key.forward(hidden), _config.Heads);
            var v = MultiHeadAttention.SplitHeads(self.value.forward(hidden), _config.Heads);
            var attended = MultiHeadAttention.Attend(q, k, v, context, 0, training ? _config.AttentionDropout : 0);
            var x = block.attention.output.forward(attended, hidden);
            hidden = block.output.forward(_activation(block.intermediate.dense.forward(x)), x);
        }
        return scope.MoveToOuter(hidden);
    }

    /// <summary>tanh(dense(h[:, 0])): the [CLS] summary the classifier reads.</summary>
    public Tensor Pool(Tensor hidden)
    {
        using var scope = torch.NewDisposeScope();
        return scope.MoveToOuter(pooler.dense.forward(hidden.select(1, 0)).tanh());
    }
}

/// <summary>BertForSequenceClassification / ErnieForSequenceClassification.</summary>
public sealed class BertForSequenceClassification : SequenceClassifier
{
    public BertForSequenceClassification(HfConfig config, string architecture, string bodyName, bool keepDropout)
        : base(config, architecture)
    {
        Body = RegisterModule(bodyName, new BertModel(config, keepDropout));
        NumLabels = config.NumLabels;
        classifier = RegisterModule("classifier", new Projection(Body.Settings.Hidden, NumLabels));
    }

    public BertModel Body { get; }
    public Projection classifier { get; }
    public override long NumLabels { get; }

    public override Tensor forward(Tensor inputIds, Tensor? attentionMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var pooled = Body.Pool(Body.forward(inputIds, attentionMask));
        var dropout = Body.Settings.ClassifierDropout;
        if (dropout > 0 && training) pooled = F.dropout(pooled, dropout);
        return scope.MoveToOuter(classifier.forward(pooled));
    }
}
