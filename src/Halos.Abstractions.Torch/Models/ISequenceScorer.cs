using Halos.Torch;

namespace Halos.Abstractions.Models;

/// <summary>The forward pass of a reward model: one scalar per sequence.</summary>
public interface ISequenceScorer
{
    /// <summary>Scores, shape [B], for <paramref name="inputIds"/> [B, T] with <paramref name="attentionMask"/> [B, T].</summary>
    Tensor Scores(Tensor inputIds, Tensor attentionMask);

    /// <summary>The model config's <c>pad_token_id</c>: what rows are padded with, since it decides where the score is read.</summary>
    long? PadTokenId => null;

    /// <summary>The model's vocabulary size (config <c>vocab_size</c>), which pre-tokenized ids are checked against.</summary>
    long? VocabSize => null;
}
