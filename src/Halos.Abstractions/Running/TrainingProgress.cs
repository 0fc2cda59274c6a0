namespace Halos.Abstractions.Running;

/// <summary>
/// A snapshot the loop reports after each optimiser step (or eval batch); the host draws the progress
/// bar from it. Counts are totals since the run (or resume) started; rates are derived from them and
/// <see cref="Elapsed"/>. Loss and accuracy are of the latest step, or null before there is one.
/// </summary>
public sealed record TrainingProgress(
    string Phase,
    long Step,
    long TotalSteps,
    long Examples,
    long Tokens,
    TimeSpan Elapsed,
    double? Loss = null,
    double? RewardAccuracy = null);
