using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Plugins;
using Halos.Data.Loading;
using Microsoft.Extensions.Logging;

namespace Halos.Loaders;

/// <summary>
/// A loader plugin that is one Halos.Data format: the format does the reading; this only names it for the host.
/// Bad-row warnings go to the run's logger, which the host's console shows before training.
/// </summary>
public abstract class FormatLoaderPlugin(IDataFormat format) : ILoaderPlugin
{
    public string Name => format.Name;

    public string Description => format.Description;

    public IReadOnlyCollection<DataKind> Kinds => format.Kinds;

    public ILoader CreateLoader(PluginContext context) => new FormatLoader(format, context.Logger);

    private sealed class FormatLoader(IDataFormat format, ILogger logger) : ILoader
    {
        public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default) =>
            FormatLoading.Load(format, source, warning => logger.LogWarning("{Warning}", warning), cancellationToken);
    }
}
