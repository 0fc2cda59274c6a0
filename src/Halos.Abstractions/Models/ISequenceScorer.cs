using Halos.Torch;

namespace Halos.Abstractions.Models;

/// <summary>The forward pass of a reward model: one scalar per sequence.</summary>
public interface ISequenceScorer
{
    /// <summary>Scores, shape [B], for <paramref name="inputIds"/> [B, T] with <paramref name="attentionMask"/> [B, T].</summary>
    Tensor Scores(Tensor inputIds, Tensor attentionMask);
}
