using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;

namespace Halos.Abstractions.Training;

/// <summary>
/// What a trainer sees once per run, after the modules are built and the data is read, before the first batch:
/// enough to do work that spans the whole dataset, such as precomputing the reference model's log-probs
/// into <see cref="PrecomputeReferenceIn"/>). <see cref="Examples"/> holds every example the run will collate
/// (training and evaluation).
/// </summary>
public sealed record TrainerPreparation(
    RunMode Mode,
    TrainingModules Modules,
    ILossFunction Loss,
    IReadOnlyList<Example> Examples,
    CollateOptions Collate,
    TrainingOptions Training,
    string ConfigurationRoot)
{
    /// <summary>
    /// The folder the policy was loaded from (<c>Model:Checkpoint</c>, resolved against <see cref="ConfigurationRoot"/>),
    /// or null for a model built from an architecture alone. A trainer reads heads saved beside the weights from it
    /// (PPO's value head).
    /// </summary>
    public string? PolicyCheckpoint { get; init; }

    /// <summary>
    /// When the loop wants the reference model's log-probs computed once before training rather than on every batch,
    /// the folder to cache them in (shared by runs, keyed by data and model, so a later run reuses them); null when the
    /// reference runs live (or the loss needs none). The loop's own settings decide it; the trainer only carries it out.
    /// </summary>
    public string? PrecomputeReferenceIn { get; init; }

    /// <summary>Resolves a path from the options against <see cref="ConfigurationRoot"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, ConfigurationRoot);
}
