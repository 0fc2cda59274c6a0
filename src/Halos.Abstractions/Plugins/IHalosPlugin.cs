namespace Halos.Abstractions.Plugins;

/// <summary>
/// What every plugin has: the name profiles refer to it by. The host discovers every public,
/// non-abstract class with a public parameterless constructor that implements one of the plugin
/// interfaces (<see cref="Data.ILoaderPlugin"/>, <c>IModelPlugin</c>,
/// <c>ITrainerPlugin</c> (those two in Halos.Abstractions.Torch), <see cref="Metrics.IMetricSinkPlugin"/>), constructs it
/// once at start-up, and registers it under <see cref="Name"/>. The registered instance is a factory: for each run the
/// host creates the plugin's working object through a <see cref="PluginContext"/>. Keep constructors cheap.
/// </summary>
public interface IHalosPlugin
{
    /// <summary>The registration name, unique across all loaded plugins (e.g. "csv-preferences").</summary>
    string Name { get; }

    /// <summary>One line for <c>halos plugins list</c>.</summary>
    string Description => "";
}
