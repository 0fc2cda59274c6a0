using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Trainers.Forward;

/// <summary>
/// The forward passes trainers run, through the model contracts only (<see cref="ICausalLanguageModel"/>,
/// <see cref="ISequenceScorer"/>), so any model plugin's modules work. Batch tensors move to the module's device here.
/// </summary>
public static class ModelForward
{
    /// <summary>Completion log-probs of rows <c>{prefix}input_ids</c>, <c>{prefix}attention_mask</c>, <c>{prefix}loss_mask</c>.</summary>
    /// <param name="tokenAccuracy">Also measure whether each completion token is the policy's most likely one (SFT's metric).</param>
    /// <param name="entropy">Also measure each completion position's entropy (GRPO's <c>entropy</c> metric).</param>
    public static CompletionLogProbs LogProbs(Module module, string role, Batch batch, Device device, string prefix = "", bool tokenAccuracy = false,
        bool entropy = false)
    {
        var model = module as ICausalLanguageModel
                    ?? throw new InvalidOperationException(
                        $"the {role} module ({module.GetType().Name}) is not a causal language model (ICausalLanguageModel); check Model:Checkpoint / Model:Architecture");
        var ids = batch[prefix + "input_ids"].to(device);
        var attention = batch[prefix + "attention_mask"].to(device).to(ScalarType.Int64);
        var lossMask = batch[prefix + "loss_mask"].to(device);
        // Chunked through the head when the model allows it: the [N, T, V] logits are a step's largest tensors.
        if (model is IHiddenStateLanguageModel { HeadWeight: { } head } body)
        {
            using var hidden = body.HiddenStates(ids, attention);
            return CompletionLogProbs.FromHidden(hidden, head, ids, lossMask, softCap: body.LogitSoftCap, tokenAccuracy: tokenAccuracy, entropy: entropy);
        }
        var logits = model.Logits(ids, attention);
        try
        {
            return CompletionLogProbs.FromLogits(logits, ids, lossMask, tokenAccuracy, entropy);
        }
        finally
        {
            // The [N, T, V] logits are the largest tensor of a step: free them as soon as the log-probs exist.
            logits.Dispose();
        }
    }

    /// <summary>One score per row of <c>input_ids</c> / <c>attention_mask</c>, read where transformers reads it (see ISequenceScorer), [N] float32.</summary>
    public static Tensor Scores(Module module, Batch batch, Device device)
    {
        var scorer = module as ISequenceScorer
                     ?? throw new InvalidOperationException(
                         $"the trained module ({module.GetType().Name}) is not a reward model (ISequenceScorer); a reward loss needs a sequence-classification model");
        var ids = batch["input_ids"].to(device);
        var attention = batch["attention_mask"].to(device).to(ScalarType.Int64);
        return scorer.Scores(ids, attention).to(ScalarType.Float32);
    }

    /// <summary>Which of <paramref name="names"/> the loss reads.</summary>
    public static bool Reads(Abstractions.Losses.ILossFunction loss, params string[] names) => names.Any(loss.Inputs.Contains);
}
