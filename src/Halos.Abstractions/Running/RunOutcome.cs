namespace Halos.Abstractions.Running;

/// <summary>
/// How a run ended. <see cref="Interrupted"/> is true when cancellation (Ctrl+C) stopped it; the loop
/// still saved a checkpoint at <see cref="CheckpointPath"/>, so the run can resume from there.
/// </summary>
public sealed record RunOutcome(
    long Steps,
    bool Interrupted,
    string? CheckpointPath,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>For an evaluation: the examples it evaluated and the batches it ran them in (it takes no steps).</summary>
    public (long Examples, long Batches)? Evaluated { get; init; }
}
