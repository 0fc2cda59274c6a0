using Halos.Abstractions.Plugins;

namespace Halos.Abstractions.Models;

/// <summary>
/// Model architectures and checkpoint formats, registered by name (<c>Model:Plugin</c>). It is a factory: for each run
/// the host creates an <see cref="IModelBuilder"/> through a <see cref="PluginContext"/> carrying the plugin's settings
/// (<c>Model:Options</c>), a logger and the run's cancellation.
/// </summary>
public interface IModelPlugin : IHalosPlugin
{
    IModelBuilder CreateModels(PluginContext context);
}
