namespace Halos.Training.Optimization;

/// <summary>
/// How many optimiser steps a run makes and how many microbatches each one takes. With
/// <c>Training:MaxSteps</c> every step takes <see cref="Accumulation"/> microbatches, cycling through
/// epochs as needed; otherwise the run covers <c>Epochs</c> × batches-per-epoch microbatches and the last
/// step takes what is left.
/// </summary>
public sealed record StepBudget(long TotalSteps, long TotalMicrobatches, int Accumulation)
{
    public static StepBudget For(long maxSteps, int epochs, int batchesPerEpoch, int accumulation)
    {
        if (maxSteps > 0) return new StepBudget(maxSteps, maxSteps * accumulation, accumulation);
        var micro = (long)epochs * batchesPerEpoch;
        return new StepBudget((micro + accumulation - 1) / accumulation, micro, accumulation);
    }

    /// <summary>The number of microbatches of the 0-based step <paramref name="step"/>.</summary>
    public int MicrobatchesAt(long step) => (int)Math.Clamp(TotalMicrobatches - step * Accumulation, 0, Accumulation);
}
