using Halos.Abstractions.Plugins;

namespace Halos.Abstractions.Running;

/// <summary>
/// The loop behind <c>train</c>, <c>eval</c>, <c>score</c>, <c>sample</c> and <c>label</c>. It is a plugin like the others
/// (the built-in one lives under <c>plugins/</c>), picked by name with <c>Training:Loop</c>.
/// </summary>
public interface IRunLoop : IHalosPlugin
{
    /// <summary>The modes this loop implements.</summary>
    IReadOnlyCollection<RunMode> Modes { get; }

    /// <summary>
    /// Runs <paramref name="plan"/>. When <paramref name="cancellationToken"/> fires (Ctrl+C), a training run
    /// finishes the current step, saves a checkpoint and returns with <see cref="RunOutcome.Interrupted"/> set,
    /// instead of throwing. Data and model errors propagate as <see cref="Data.DataFormatException"/> and
    /// <see cref="Models.ModelSpecException"/>.
    /// </summary>
    RunOutcome Run(RunPlan plan, IProgress<TrainingProgress> progress, CancellationToken cancellationToken);
}
