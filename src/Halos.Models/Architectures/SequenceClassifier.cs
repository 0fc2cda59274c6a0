using Halos.Abstractions.Models;
using Halos.Models.Configuration;
using Halos.Torch;

namespace Halos.Models.Architectures;

/// <summary>A model that scores whole sequences: [B, T] token ids → [B, num_labels] (a reward model has one label).</summary>
public abstract class SequenceClassifier : TransformerModel, ISequenceScorer
{
    protected SequenceClassifier(HfConfig config, string architecture) : base(config, architecture) { }

    public override ModelKind Kind => ModelKind.SequenceClassifier;

    public abstract long NumLabels { get; }

    public long? PadTokenId => Config.OptionalLong("pad_token_id");

    public long? VocabSize => Config.OptionalLong("vocab_size");

    public abstract Tensor forward(Tensor inputIds, Tensor? attentionMask = null);

    /// <summary>The host's contract: one reward per row, [B]; only a single-label head has one.</summary>
    public Tensor Scores(Tensor inputIds, Tensor attentionMask)
    {
        if (NumLabels != 1)
            throw new InvalidOperationException($"{Architecture} has {NumLabels} labels; a reward model needs num_labels = 1");
        using var scores = forward(inputIds, attentionMask);
        return scores.squeeze(-1);
    }
}
