using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;

namespace Halos.Abstractions.Training;

/// <summary>
/// What a trainer sees once per run, after the modules are built and the data is read, before the first batch:
/// enough to do work that spans the whole dataset, such as precomputing the reference model's log-probs
/// (<see cref="TrainingOptions.Reference"/>). <see cref="Examples"/> holds every example the run will collate
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
    /// The trainer's own settings, <c>Training:TrainerOptions</c> (null when the options were built by hand). A trainer
    /// that declares an options class (<see cref="Plugins.IConfigurablePlugin"/>) reads it with
    /// <see cref="SectionBinder.Bind{T}"/>; the host has already refused a run whose section would not bind.
    /// </summary>
    public Microsoft.Extensions.Configuration.IConfiguration? Options => Training.TrainerOptions;

    /// <summary>Resolves a path from the options against <see cref="ConfigurationRoot"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, ConfigurationRoot);
}
