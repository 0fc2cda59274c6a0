using Halos.Torch;

namespace Halos.Abstractions.Models;

/// <summary>
/// A causal language model whose logits are its final hidden states times a head matrix, logits = hidden · Wᵀ.
/// Trainers use it to compute completion log-probs a chunk of positions at a time (<c>F.linear_log_probs</c>), so
/// the [B, T, V] float32 logits, the largest tensors of a preference-training step, never exist. Models that do not
/// implement it are read through <see cref="ICausalLanguageModel.Logits"/>.
/// </summary>
public interface IHiddenStateLanguageModel : ICausalLanguageModel
{
    /// <summary>Final hidden states [B, T, H] (after the last norm) for <paramref name="inputIds"/> [B, T] and <paramref name="attentionMask"/> [B, T].</summary>
    Tensor HiddenStates(Tensor inputIds, Tensor attentionMask);

    /// <summary>
    /// W [V, H], or null while the head is not a plain matrix (an adapter on it, say): callers then fall back to
    /// <see cref="ICausalLanguageModel.Logits"/>, which applies the head as it is.
    /// </summary>
    Tensor? HeadWeight { get; }

    /// <summary>
    /// c where the head caps its logits as c·tanh(hidden · Wᵀ / c) (Gemma 2's <c>final_logit_softcapping</c>), else 0.
    /// Whoever applies <see cref="HeadWeight"/> itself must apply the cap too (<c>F.linear_log_probs</c> takes it).
    /// </summary>
    double LogitSoftCap => 0;
}
