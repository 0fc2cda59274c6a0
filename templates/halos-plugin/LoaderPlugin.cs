using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Plugins;

namespace HalosPlugin;

/// <summary>
/// The loader "my-plugin": preference pairs from a text file, one pair per line, its fields
/// <c>prompt SEP chosen SEP rejected</c> split by <see cref="LoaderOptions.Separator"/> (a tab unless
/// <c>Data:Options:Separator</c> says otherwise). Use it with <c>--Data:Loader=my-plugin --Data:Train=FILE</c>.
/// </summary>
public sealed class LoaderPlugin : ILoaderPlugin, IConfigurablePlugin
{
    public string Name => "my-plugin";

    public string Description => "Preference pairs, one per line: prompt, chosen, rejected";

    public IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Paired];

    /// <summary>The host checks <c>Data:Options</c> against this class at start-up (unknown keys, types).</summary>
    public Type OptionsType => typeof(LoaderOptions);

    /// <summary>For each run: a loader with the run's settings, bound and checked by the host.</summary>
    public ILoader CreateLoader(PluginContext context) => new LineLoader(context.OptionsAs<LoaderOptions>());

    private sealed class LineLoader(LoaderOptions options) : ILoader
    {
        public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default)
        {
            if (!File.Exists(source.Location)) throw new DataFormatException(source.Location, null, "file not found");
            return Read(source, options.Separator, cancellationToken);
        }
    }

    private static IEnumerable<Example> Read(DataSource source, string separator, CancellationToken cancellationToken)
    {
        var line = 0L;
        foreach (var text in File.ReadLines(source.Location))
        {
            cancellationToken.ThrowIfCancellationRequested();
            line++;
            if (text.Length == 0) continue;
            var fields = text.Split(separator);
            if (fields.Length != 3) throw new DataFormatException(source.Location, line, $"expected 3 fields (prompt, chosen, rejected), got {fields.Length}");
            yield return new PairedExample($"{source.Location}:{line}", Prompt.FromText(fields[0]), fields[1], fields[2]);
            if (source.Limit > 0 && line >= source.Limit) yield break;
        }
    }
}

/// <summary>The loader's settings, <c>Data:Options:*</c>.</summary>
public sealed class LoaderOptions
{
    /// <summary>What separates the three fields of a line.</summary>
    public string Separator { get; set; } = "\t";
}
