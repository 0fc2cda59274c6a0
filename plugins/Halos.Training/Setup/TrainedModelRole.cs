using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;

namespace Halos.Training.Setup;

/// <summary>
/// Which kind of module a loss trains. Losses over reward-model scores (Bradley-Terry on scored pairs,
/// Plackett-Luce on ranked lists) train a sequence scorer, built with <see cref="ModelRole.Reward"/>; every
/// other loss trains a causal language model, built with <see cref="ModelRole.Policy"/>. Either way the trained
/// module is <see cref="Abstractions.Training.TrainingModules.Policy"/>: the module the optimiser updates.
/// </summary>
public static class TrainedModelRole
{
    public static ModelRole For(DataKind kind) => kind is DataKind.Scored or DataKind.Ranked ? ModelRole.Reward : ModelRole.Policy;
}
