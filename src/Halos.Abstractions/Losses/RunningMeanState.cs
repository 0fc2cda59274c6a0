namespace Halos.Abstractions.Losses;

/// <summary>
/// A running mean a loss keeps across microbatches (BCO's reward shift δ): the mean so far and how many values it
/// counts. Checkpoints save it, so a resumed run continues the same mean.
/// </summary>
public sealed record RunningMeanState(double Mean, long Count);
