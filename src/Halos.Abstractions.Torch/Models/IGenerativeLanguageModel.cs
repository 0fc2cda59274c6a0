using Halos.Torch;

namespace Halos.Abstractions.Models;

/// <summary>
/// A causal language model that decodes incrementally: <see cref="Prefill"/> reads a batch of left-padded prompts
/// once, then each <see cref="Decode"/> feeds one token per row and reads only the new position. Trainers and verbs
/// generate through it (<see cref="Generation.BatchSampler"/>) without knowing the model class.
/// </summary>
public interface IGenerativeLanguageModel : ICausalLanguageModel
{
    /// <summary>
    /// Reads <paramref name="inputIds"/> [B, T] (int64), left-padded, with <paramref name="attentionMask"/> [B, T]
    /// (1 for real tokens, 0 for padding). Positions count from each row's first real token, so a row decodes as it
    /// would alone. Returns the logits [B, V] of each row's last position and the cache the next step continues from;
    /// the caller disposes both.
    /// </summary>
    (Tensor LastLogits, IDecodingCache Cache) Prefill(Tensor inputIds, Tensor attentionMask);

    /// <summary>
    /// Appends <paramref name="tokens"/> [B] (int64, one per row, every row real) to <paramref name="cache"/> and
    /// returns the logits [B, V] of the new position. <paramref name="cache"/> must come from this model's
    /// <see cref="Prefill"/>.
    /// </summary>
    Tensor Decode(IDecodingCache cache, Tensor tokens);
}
