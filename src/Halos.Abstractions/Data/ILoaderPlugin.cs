using Halos.Abstractions.Losses;
using Halos.Abstractions.Plugins;

namespace Halos.Abstractions.Data;

/// <summary>
/// A data format, registered by name (<c>Data:Loader</c>). It is a factory: for each run the host creates an
/// <see cref="ILoader"/> through a <see cref="PluginContext"/> carrying the loader's settings (<c>Data:Options</c>), a
/// logger for bad-row warnings, and the run's cancellation.
/// </summary>
public interface ILoaderPlugin : IHalosPlugin
{
    /// <summary>The data kinds this loader can produce examples for.</summary>
    IReadOnlyCollection<DataKind> Kinds { get; }

    ILoader CreateLoader(PluginContext context);
}
