using Halos.Abstractions.Losses;
using Halos.Abstractions.Plugins;

namespace Halos.Abstractions.Training;

/// <summary>
/// A trainer, registered by name (<c>Training:Trainer</c>). It is a factory: for each run the host creates an
/// <see cref="ITrainer"/> through a <see cref="PluginContext"/> carrying the trainer's settings
/// (<c>Training:TrainerOptions</c>, bound to the class it declares through <see cref="IConfigurablePlugin"/>), a logger,
/// the run's cancellation, output folder and ranks.
/// </summary>
public interface ITrainerPlugin : IHalosPlugin
{
    /// <summary>The data kinds this trainer can produce loss inputs for.</summary>
    IReadOnlyCollection<DataKind> Kinds { get; }

    ITrainer CreateTrainer(PluginContext context);
}
