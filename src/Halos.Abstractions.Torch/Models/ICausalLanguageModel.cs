using Halos.Torch;

namespace Halos.Abstractions.Models;

/// <summary>
/// The forward pass trainers call on a policy or reference module. Model plugins return modules that
/// implement it, so any trainer works with any model plugin's language models.
/// </summary>
public interface ICausalLanguageModel
{
    /// <summary>
    /// Next-token logits, shape [B, T, V], for <paramref name="inputIds"/> [B, T] (int64) with
    /// <paramref name="attentionMask"/> [B, T] (1 for real tokens, 0 for padding).
    /// </summary>
    Tensor Logits(Tensor inputIds, Tensor attentionMask);
}
