using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;

namespace Halos.Trainers.Tests.Support;

/// <summary>Loader "memory": Data:Train / Data:Eval name lists registered in <see cref="Sets"/>.</summary>
public sealed class MemoryLoader : ILoaderPlugin, ILoader
{
    public ILoader CreateLoader(Halos.Abstractions.Plugins.PluginContext context) => this;
    public string Name => "memory";
    public IReadOnlyCollection<DataKind> Kinds => Enum.GetValues<DataKind>();
    public Dictionary<string, IReadOnlyList<Example>> Sets { get; } = new();

    public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default) =>
        Sets.TryGetValue(Path.GetFileName(source.Location), out var examples)
            ? examples
            : throw new DataFormatException(source.Location, null, "no such in-memory set");
}
