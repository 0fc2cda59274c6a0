using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Models.Training;
using Halos.Torch;

namespace Halos.Models.Architectures;

/// <summary>
/// A decoder body with a bias-free linear <c>score</c> head (LlamaForSequenceClassification,
/// GPT2ForSequenceClassification, ...), read exactly where transformers reads it for the same config
/// and ids: at the rightmost token that is not <c>pad_token_id</c> (<see cref="LastRealToken.AsTransformersReadsIt"/>).
/// When pad_token_id equals eos_token_id that is the token before a trailing EOS, in training and in
/// scoring alike, so an exported reward model scores the same in both.
/// </summary>
public sealed class DecoderSequenceClassifier : SequenceClassifier
{
    private readonly Projection _score;

    public DecoderSequenceClassifier(HfConfig config, string architecture, string bodyName, DecoderStack body, long numLabels)
        : base(config, architecture)
    {
        Body = RegisterModule(bodyName, body);
        NumLabels = numLabels;
        _score = RegisterModule("score", new Projection(body.HiddenSize, numLabels, bias: false));
    }

    public DecoderStack Body { get; }
    public override long NumLabels { get; }

    public override Tensor forward(Tensor inputIds, Tensor? attentionMask = null)
    {
        using var hidden = Body.forward(inputIds, attentionMask);
        return Score(hidden, inputIds, attentionMask);
    }

    /// <summary>Scores [B, num_labels] from final hidden states [B, T, H] of <paramref name="inputIds"/>, read where transformers reads them.</summary>
    public Tensor Score(Tensor hidden, Tensor inputIds, Tensor? attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        var last = LastRealToken.AsTransformersReadsIt(inputIds, attentionMask, PadTokenId);
        var index = last.view(-1, 1, 1).expand(hidden.size(0), 1, hidden.size(2));
        var pooled = hidden.gather(1, index).squeeze(1);
        return scope.MoveToOuter(_score.forward(pooled));
    }

    /// <inheritdoc cref="CausalLanguageModel.GradientCheckpointing"/>
    public bool GradientCheckpointing { get; set; }

    /// <summary>Forward and backward for a loss of the scores [B, num_labels]; returns the loss value.</summary>
    public double ForwardBackward(Tensor inputIds, Tensor? attentionMask, Func<Tensor, Tensor> lossOfScores) =>
        CheckpointedBackward.Run(Body, inputIds, attentionMask, CheckpointedBackward.Loss(hidden => lossOfScores(Score(hidden, inputIds, attentionMask))), GradientCheckpointing);
}
