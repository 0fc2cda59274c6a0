namespace Halos.Training.Loop;

/// <summary>
/// Counts optimiser steps skipped because their loss or gradient norm was NaN or infinite. One bad batch
/// should not end a long run, but a run that keeps diverging should stop, naming where, rather than burn its
/// budget: the <see cref="Limit"/>-th such step throws <see cref="NonFiniteLossException"/>
/// (<c>Training:AbortAfterNonFiniteSteps</c>).
/// </summary>
public sealed class NonFiniteGuard(int limit, int alreadySkipped = 0)
{
    public int Limit { get; } = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "the limit must be at least 1");

    /// <summary>Steps skipped so far in this run, resumed runs included.</summary>
    public int Skipped { get; private set; } = alreadySkipped;

    /// <summary>Records a skipped step and returns the warning to show; throws when this one reaches the limit.</summary>
    /// <param name="step">The 1-based optimiser step.</param>
    /// <param name="what">What was not finite, e.g. "the loss is NaN (microbatch 2 of 4)".</param>
    public string Skip(long step, string what)
    {
        if (Skipped + 1 >= Limit)
            throw new NonFiniteLossException(step,
                $"step {step}: {what}. That makes {Skipped + 1} steps with a non-finite loss or gradient, and " +
                $"Training:AbortAfterNonFiniteSteps is {Limit}, so the run stops. Lower Training:LearningRate, set " +
                "Training:MaxGradNorm, or check the data and the loss's hyperparameters");
        Skipped++;
        return $"step {step}: {what}; the step is skipped and its gradients dropped " +
               $"({Skipped} skipped so far; the run stops at {Limit})";
    }
}
