namespace Halos.Abstractions.Running;

/// <summary>
/// A snapshot the loop reports after each optimiser step (or eval batch); the host draws the progress
/// bar from it. Counts are totals since the run (or resume) started; rates are derived from them and
/// <see cref="Elapsed"/>. Loss and accuracy are of the latest step, or null before there is one.
/// <see cref="LatestCheckpoint"/> is the newest checkpoint this run saved or resumed from (null before there is one):
/// the host names it when a second Ctrl+C exits without saving.
/// </summary>
public sealed record TrainingProgress(
    string Phase,
    long Step,
    long TotalSteps,
    long Examples,
    long Tokens,
    TimeSpan Elapsed,
    double? Loss = null,
    double? RewardAccuracy = null,
    string? LatestCheckpoint = null);
