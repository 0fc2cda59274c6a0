using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;

namespace Halos.Training.Tests.Support;

/// <summary>Loader "memory": Data:Train / Data:Eval name lists registered in <see cref="Sets"/>.</summary>
public sealed class MemoryLoader : ILoaderPlugin, ILoader
{
    public ILoader CreateLoader(Halos.Abstractions.Plugins.PluginContext context) => this;
    public string Name => "memory";
    public IReadOnlyCollection<DataKind> Kinds => [DataKind.Sft, DataKind.Paired];
    public Dictionary<string, IReadOnlyList<Example>> Sets { get; } = new();

    public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(source.Location);
        if (!Sets.TryGetValue(name, out var examples)) throw new DataFormatException(source.Location, null, "no such in-memory set");
        return source.Limit > 0 ? examples.Take((int)source.Limit) : examples;
    }
}
