namespace Halos.Abstractions.Generation;

/// <summary>
/// One completion: its new token ids (the stop token included, no padding), the log-prob of each under the
/// distribution it was drawn from (see <c>BatchSampler</c> in Halos.Abstractions.Torch), and why it ended.
/// </summary>
public sealed record GeneratedSequence(int[] TokenIds, float[] LogProbs, FinishReason FinishReason);
