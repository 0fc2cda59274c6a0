using Halos.Torch;

namespace Halos.Abstractions.Losses;

/// <summary>
/// What a loss returns for a microbatch: a loss per example (the trainer takes the mean and
/// backpropagates), the implicit rewards it assigns (detached; empty or null where it has none),
/// and named scalar or vector metrics for logging.
/// </summary>
public sealed class LossResult
{
    public LossResult(Tensor losses, Tensor? chosenRewards = null, Tensor? rejectedRewards = null,
        IReadOnlyDictionary<string, Tensor>? metrics = null)
    {
        Losses = losses;
        ChosenRewards = chosenRewards;
        RejectedRewards = rejectedRewards;
        Metrics = metrics ?? NoMetrics;
    }

    private static readonly IReadOnlyDictionary<string, Tensor> NoMetrics = new Dictionary<string, Tensor>();

    /// <summary>Per-example losses, [B].</summary>
    public Tensor Losses { get; }

    public Tensor? ChosenRewards { get; }
    public Tensor? RejectedRewards { get; }
    public IReadOnlyDictionary<string, Tensor> Metrics { get; }

    /// <summary>The scalar a trainer backpropagates: the mean of <see cref="Losses"/>.</summary>
    public Tensor Loss() => Losses.mean();
}
