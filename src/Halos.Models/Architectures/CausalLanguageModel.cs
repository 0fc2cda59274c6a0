using Halos.Abstractions.Models;
using Halos.Models.Configuration;
using Halos.Models.Generation;
using Halos.Models.Layers;
using Halos.Models.Training;
using Halos.Torch;

namespace Halos.Models.Architectures;

/// <summary>
/// A decoder body with a language-model head: logits = hidden · Wᵀ, where W is the head's own
/// weight or, with tied embeddings, the token embedding table (then no head tensor is saved,
/// as transformers does). Gemma 2 then caps them, c·tanh(logits / c) (<see cref="LogitSoftCap"/>), everywhere
/// logits or log-probs come from: the forward, generation and the chunked log-prob head.
/// </summary>
public sealed class CausalLanguageModel : TransformerModel, IHiddenStateLanguageModel, IGenerativeLanguageModel
{
    private readonly Projection? _head;

    public CausalLanguageModel(HfConfig config, string architecture, string bodyName, DecoderStack body, string headName, bool tied,
        double logitSoftCap = 0)
        : base(config, architecture)
    {
        if (!(logitSoftCap >= 0)) throw new ArgumentOutOfRangeException(nameof(logitSoftCap), $"the logit soft cap must be 0 (none) or positive, got {logitSoftCap}");
        LogitSoftCap = logitSoftCap;
        Body = RegisterModule(bodyName, body);
        BodyName = bodyName;
        HeadName = headName;
        Tied = tied;
        var vocab = body.TokenEmbeddingWeight.size(0);
        if (!tied) _head = RegisterModule(headName, new Projection(body.HiddenSize, vocab, bias: false));
    }

    public override ModelKind Kind => ModelKind.CausalLM;
    public DecoderStack Body { get; }
    public string BodyName { get; }
    public string HeadName { get; }
    public bool Tied { get; }

    /// <summary>c of the final-logit soft-capping c·tanh(logits / c), or 0 for a plain head.</summary>
    public double LogitSoftCap { get; }

    public long VocabSize => LmHeadWeight.size(0);

    /// <summary>[V, H].</summary>
    public Tensor LmHeadWeight => _head?.weight ?? Body.TokenEmbeddingWeight;

    public override IReadOnlySet<string> TiedParameterNames =>
        Tied ? new HashSet<string> { $"{HeadName}.weight" } : new HashSet<string>();

    /// <summary>Logits [B, T, V].</summary>
    public Tensor forward(Tensor inputIds, Tensor? attentionMask = null, Tensor? positionIds = null, KVCache? cache = null)
    {
        using var hidden = HiddenStates(inputIds, attentionMask, positionIds, cache);
        return LogitsFromHidden(hidden);
    }

    /// <summary>Final hidden states [B, T, H], for callers that apply the head in chunks.</summary>
    public Tensor HiddenStates(Tensor inputIds, Tensor? attentionMask = null, Tensor? positionIds = null, KVCache? cache = null) =>
        Body.forward(inputIds, attentionMask, positionIds, cache);

    Tensor IHiddenStateLanguageModel.HiddenStates(Tensor inputIds, Tensor attentionMask) => HiddenStates(inputIds, attentionMask);

    /// <summary>The head as a plain matrix for chunked log-probs; null while an enabled adapter changes what the head computes.</summary>
    public Tensor? HeadWeight => _head is { Adapter: not null, AdapterEnabled: true } ? null : LmHeadWeight;

    /// <summary>The host's contract: logits [B, T, V] for right- or left-padded rows.</summary>
    public Tensor Logits(Tensor inputIds, Tensor attentionMask) => forward(inputIds, attentionMask);

    /// <summary>The head alone: logits [B, T, V] from final hidden states [B, T, H].</summary>
    public Tensor LogitsFromHidden(Tensor hidden)
    {
        var logits = _head is null ? F.linear(hidden, LmHeadWeight) : _head.forward(hidden);
        if (LogitSoftCap == 0) return logits;
        using var scope = torch.NewDisposeScope();
        var capped = (logits / LogitSoftCap).tanh() * LogitSoftCap;
        logits.Dispose();
        return scope.MoveToOuter(capped);
    }

    /// <summary>
    /// Per-token log-probs [B, T-1] of <paramref name="labels"/> from final hidden states, through the chunked head
    /// (<see cref="LogProbs.TokenLogProbs.FromHidden"/>) with this model's soft cap.
    /// </summary>
    public Tensor LabelLogProbs(Tensor hidden, Tensor labels, long? chunkPositions = null) =>
        LogProbs.TokenLogProbs.FromHidden(hidden, LmHeadWeight, labels, chunkPositions, LogitSoftCap);

    public KVCache NewCache() => new(Body.LayerCount);

    /// <summary>The generation contract: reads left-padded prompts once; only the last position goes through the head.</summary>
    public (Tensor LastLogits, IDecodingCache Cache) Prefill(Tensor inputIds, Tensor attentionMask)
    {
        // Rows that repeat a prompt (GRPO's K samples of each, halos sample --num-samples) are read once and their
        // keys, values and logits copied to every row that shares them: a group of 8 prefills an eighth of the tokens.
        using var scope = torch.NewDisposeScope();
        var (distinct, rowOf) = PromptRows.Distinct(inputIds, attentionMask);
        var shared = distinct is not null;
        var ids = shared ? inputIds.index_select(0, distinct!) : inputIds;
        var mask = shared ? attentionMask.index_select(0, distinct!) : attentionMask;
        var cache = new DecodingCache(NewCache(), mask);
        try
        {
            var hidden = HiddenStates(ids, cache.Mask, DecodingCache.Positions(cache.Mask), cache.Layers);
            var last = LogitsFromHidden(hidden.narrow(1, hidden.size(1) - 1, 1)).squeeze(1);
            if (shared)
            {
                cache.SelectRows(rowOf!);
                last = last.index_select(0, rowOf!);
            }
            return (scope.MoveToOuter(last), cache);
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    /// <summary>One token per row [B] through the cached layers; logits [B, V] of the new position.</summary>
    public Tensor Decode(IDecodingCache cache, Tensor tokens)
    {
        if (cache is not DecodingCache own)
            throw new ArgumentException($"the cache is a {cache.GetType().Name}; a {Architecture} decodes only from a cache its own Prefill made", nameof(cache));
        if (tokens.dim() != 1 || tokens.size(0) != own.Mask.size(0))
            throw new ArgumentException($"tokens [{string.Join(", ", tokens.shape)}] must be one id per row of the cache's batch of {own.Mask.size(0)}", nameof(tokens));
        using var scope = torch.NewDisposeScope();
        own.Extend();
        var positions = DecodingCache.Positions(own.Mask);
        var hidden = HiddenStates(tokens.unsqueeze(1), own.Mask, positions.narrow(1, positions.size(1) - 1, 1), own.Layers);
        return scope.MoveToOuter(LogitsFromHidden(hidden).squeeze(1));
    }

    /// <summary>Recompute each block during backward instead of storing its activations (see <see cref="CheckpointedBackward"/>).</summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary>
    /// Forward and backward for a loss of the final hidden states (apply the head with
    /// <see cref="LogitsFromHidden"/> or the chunked log-probs), honouring <see cref="GradientCheckpointing"/>.
    /// Gradients accumulate into the parameters; returns the loss value.
    /// </summary>
    public double ForwardBackward(Tensor inputIds, Tensor? attentionMask, Func<Tensor, Tensor> lossOfHidden) =>
        CheckpointedBackward.Run(Body, inputIds, attentionMask, CheckpointedBackward.Loss(lossOfHidden), GradientCheckpointing);

    /// <summary>
    /// Forward and backward for a loss of the per-token log-probs [B, T-1] of <paramref name="labels"/>
    /// (<see cref="LogProbs.TokenLogProbs.FromHidden"/>), never holding the full float32 logits, in
    /// the forward or the backward: the preference-training path. Returns the loss value.
    /// </summary>
    public double ForwardBackwardLogProbs(Tensor inputIds, Tensor? attentionMask, Tensor labels, Func<Tensor, Tensor> lossOfLogProbs,
        long? chunkPositions = null) =>
        ForwardBackward(inputIds, attentionMask,
            hidden => lossOfLogProbs(LabelLogProbs(hidden, labels, chunkPositions)));
}
