using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;

namespace Halos.Loaders;

/// <summary>
/// A loader plugin that is one Halos.Data format: the format does the reading; this only names it for the
/// host. Bad-row warnings go to standard error, where the host's console shows them before training.
/// </summary>
public abstract class FormatLoaderPlugin(IDataFormat format) : ILoaderPlugin
{
    public string Name => format.Name;

    public string Description => format.Description;

    public IReadOnlyCollection<DataKind> Kinds => format.Kinds;

    public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default) =>
        FormatLoading.Load(format, source, Console.Error, cancellationToken);
}
