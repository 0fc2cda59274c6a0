using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Torch.NN;
using Halos.Trainers.Forward;

namespace Halos.Trainers.PolicyGradient;

/// <summary>
/// One policy forward that yields both the completion log-probs and the value head's per-token values, from the same
/// final hidden states. Values [N, T-1] line up with the log-probs: entry t is the value of the state after token t,
/// the state from which token t+1 is chosen (HALOs keeps <c>values[:, :-1]</c> for the same reason).
/// </summary>
public static class PolicyValueForward
{
    public static (CompletionLogProbs LogProbs, Tensor Values) Run(Module policy, ValueHead head, Batch batch, Device device)
    {
        var model = policy as IHiddenStateLanguageModel
                    ?? throw new InvalidOperationException(
                        $"PPO's value head reads the policy's final hidden states, and the policy ({policy.GetType().Name}) does not expose them (IHiddenStateLanguageModel)");
        var ids = batch["input_ids"].to(device);
        var attention = batch["attention_mask"].to(device).to(ScalarType.Int64);
        var lossMask = batch["loss_mask"].to(device);
        using var hidden = model.HiddenStates(ids, attention);
        CompletionLogProbs logProbs;
        if (model.HeadWeight is { } headWeight) logProbs = CompletionLogProbs.FromHidden(hidden, headWeight, ids, lossMask, softCap: model.LogitSoftCap);
        else
        {
            // The LM head is not a plain matrix (an adapter on it): its logits come from a second forward, as ModelForward's do.
            using var logits = model.Logits(ids, attention);
            logProbs = CompletionLogProbs.FromLogits(logits, ids, lossMask);
        }
        using var states = hidden.narrow(1, 0, hidden.size(1) - 1);
        using var raw = head.forward(states);
        var values = raw.to(ScalarType.Float32).masked_fill(logProbs.Mask.logical_not(), 0);
        return (logProbs, values);
    }
}
