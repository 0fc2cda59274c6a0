using Halos.Abstractions.Training;
using Halos.Torch;

namespace Halos.Training.Metrics;

/// <summary>
/// The real (non-padding) tokens of a collated batch, for tokens_per_second: the sum of its
/// <c>attention_mask</c>, the name Halos.Data's collator and the built-in trainers give it. A trainer that
/// names it otherwise counts as 0 tokens.
/// </summary>
public static class BatchTokens
{
    public const string AttentionMask = "attention_mask";

    public static long Count(Batch batch)
    {
        if (!batch.Tensors.TryGetValue(AttentionMask, out var mask)) return 0;
        using var scope = torch.NewDisposeScope();
        return (long)LossMetrics.Scalar(mask.sum());
    }
}
