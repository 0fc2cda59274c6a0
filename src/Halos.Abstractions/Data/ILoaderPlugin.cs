using Halos.Abstractions.Losses;
using Halos.Abstractions.Plugins;

namespace Halos.Abstractions.Data;

/// <summary>
/// Reads examples from a source. Yields examples of the shape <see cref="Example.ShapeOf"/> gives for
/// <see cref="DataSource.Kind"/>, lazily, so a large file streams. Bad input throws
/// <see cref="DataFormatException"/> naming the file and line.
/// </summary>
public interface ILoaderPlugin : IHalosPlugin
{
    /// <summary>The data kinds this loader can produce examples for.</summary>
    IReadOnlyCollection<DataKind> Kinds { get; }

    IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default);
}
