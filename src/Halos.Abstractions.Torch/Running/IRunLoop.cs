namespace Halos.Abstractions.Running;

/// <summary>A run loop's working object for one run (<see cref="IRunLoopPlugin.CreateLoop"/>).</summary>
public interface IRunLoop
{
    /// <summary>
    /// Runs <paramref name="plan"/>. When <paramref name="cancellationToken"/> fires (Ctrl+C), a training run
    /// finishes the current step, saves a checkpoint and returns with <see cref="RunOutcome.Interrupted"/> set,
    /// instead of throwing. Data and model errors propagate as <see cref="Data.DataFormatException"/> and
    /// <see cref="Models.ModelSpecException"/>.
    /// </summary>
    RunOutcome Run(RunPlan plan, IProgress<TrainingProgress> progress, CancellationToken cancellationToken);
}
