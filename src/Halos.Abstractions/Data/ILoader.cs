namespace Halos.Abstractions.Data;

/// <summary>
/// A loader's working object for one run (<see cref="ILoaderPlugin.CreateLoader"/>). Yields examples of the shape
/// <see cref="Example.ShapeOf"/> gives for <see cref="DataSource.Kind"/>, lazily, so a large file streams. Bad input
/// throws <see cref="DataFormatException"/> naming the file and line.
/// </summary>
public interface ILoader
{
    IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default);
}
