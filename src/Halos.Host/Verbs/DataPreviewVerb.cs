using System.Text.Json;
using System.Text.Json.Serialization;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Options;
using Halos.Host.Cli;
using Halos.Host.Configuration;
using Halos.Host.Plugins;

namespace Halos.Host.Verbs;

/// <summary>
/// <c>halos data preview</c>: the first examples the configured loader yields, one JSON object per line, to
/// check a profile's data before training on it.
/// </summary>
public sealed class DataPreviewVerb : Verb
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override string Name => "data preview";

    public override string Summary => "Print the first examples the configured loader yields, as JSON lines";

    public override IReadOnlyList<VerbOption> Options =>
    [
        new("--split", "train|eval", "which source to read: Data:Train (default) or Data:Eval"),
        new("--kind", "KIND", "the data kind to ask for (sft, paired, unpaired, ranked, scored, grouped); default: the first kind the loader lists"),
        new("--limit", "N", "how many examples to print (default 5)"),
    ];

    public override int Run(VerbContext context)
    {
        var session = context.Session;
        var data = session.Options.Data;
        var loaderKey = $"{DataOptions.Section}:{nameof(DataOptions.Loader)}";
        if (string.IsNullOrWhiteSpace(data.Loader)) throw new ConfigurationException(loaderKey, "is not set; name a loader plugin ('halos plugins list' shows them)");
        var loader = session.Plugins.Get<ILoaderPlugin>(data.Loader, loaderKey, session.Configuration.SourceOf(loaderKey));
        var optionErrors = new List<ConfigurationError>();
        var reader = new PluginContextFactory(session, context.Cancellation, outputDirectory: null)
            .For(loader, PluginOptionsCheck.Loader, optionErrors);
        if (optionErrors.Count > 0) throw new ConfigurationException(optionErrors);

        var split = context.Option("--split") ?? "train";
        var (location, key) = split switch
        {
            "train" => (data.Train, $"{DataOptions.Section}:{nameof(DataOptions.Train)}"),
            "eval" => (data.Eval, $"{DataOptions.Section}:{nameof(DataOptions.Eval)}"),
            _ => throw new UsageException($"--split: '{split}' is not a split; expected train or eval"),
        };
        if (string.IsNullOrWhiteSpace(location)) throw new ConfigurationException(key, "is not set; name the data to read");

        var kind = KindFor(context.Option("--kind"), loader);
        var limit = context.LongOption("--limit") ?? 5;
        var source = new DataSource(Path.GetFullPath(location, session.Configuration.RootFolder), kind, data.Options!, limit);
        foreach (var example in loader.CreateLoader(reader).Load(source, context.Cancellation).Take((int)Math.Min(limit, int.MaxValue)))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            context.IO.Out.WriteLine(JsonSerializer.Serialize(example, example.GetType(), Json));
        }
        return ExitCodes.Success;
    }

    private static DataKind KindFor(string? requested, ILoaderPlugin loader)
    {
        if (requested is not null)
        {
            if (!Enum.TryParse<DataKind>(requested, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                throw new UsageException($"--kind: '{requested}' is not a data kind; expected one of {string.Join(", ", Enum.GetNames<DataKind>()).ToLowerInvariant()}");
            if (!loader.Kinds.Contains(kind))
                throw new UsageException($"--kind: loader '{loader.Name}' does not produce {requested}; it produces {string.Join(", ", loader.Kinds).ToLowerInvariant()}");
            return kind;
        }
        return loader.Kinds.Count > 0
            ? loader.Kinds.First()
            : throw new ConfigurationException("Data:Loader", $"loader '{loader.Name}' declares no data kinds it can produce");
    }
}
