using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Options;
using Halos.Abstractions.Training;
using Halos.Data.Output;
using Halos.Data.Tokenization;
using Halos.Host.Cli;
using Halos.Host.Configuration;
using Halos.Host.Hosting;
using Halos.Host.Plugins;
using Halos.Models.LogProbs;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Host.Verbs;

/// <summary>
/// <c>halos logprobs</c>: summed and mean completion log-probs under a model, of prompt/completion rows or, with
/// <c>--loader</c>, of any data <c>train</c> reads, encoded as <c>train</c> encodes it. The model comes from the model
/// plugin (<c>Model:Plugin</c>, the built-in "transformers" by default) and the data from the loader plugin, as for
/// every other verb; the length limits and chat template are the <c>Data</c> section's, which the flags override.
/// </summary>
public sealed class LogProbsVerb : Verb
{
    public override string Name => "logprobs";

    public override string Summary =>
        "Summed and mean completion log-probs under a model folder: of prompt/completion (or _ids) rows, or with --loader of any data train reads, encoded as train encodes it";

    public override string InputFormat =>
        "Without --loader: one JSON object per line, {\"prompt\", \"completion\"} (text; the prompt tokenized with its special tokens,\n"
        + "the completion without) or {\"prompt_ids\", \"completion_ids\"}; an \"id\" is copied through.\n"
        + "With --loader: any file that loader reads for train (sft, trl-preference, trl-unpaired, hh-rlhf, ...).\n"
        + "Output: one JSON line per row, {\"sum_logp\", \"mean_logp\", \"tokens\"}; for pairs under \"chosen\" and \"rejected\",\n"
        + "for groups a \"completions\" list, with the row's \"index\" and \"id\".";

    public override IReadOnlyList<VerbOption> Options =>
    [
        new("--model", "DIR", "the model folder (same as --Model:Checkpoint=DIR)") { ConfigKey = "Model:Checkpoint" },
        new("--input", "FILE", "the rows to score (see input)", Required: true),
        new("--output", "FILE", "where to write the results (default: standard output); written whole or not at all"),
        new("--batch-size", "N", "rows per forward pass (default 8)"),
        new("--loader", "NAME", "read --input with this loader plugin, as train does (same as --Data:Loader=NAME)") { ConfigKey = "Data:Loader" },
        new("--kind", "KIND", "with --loader: the data kind to read (default: the loader's first kind with completions)"),
        new("--chat-template", "NAME|FILE", "with --loader: the chat template (same as --Data:ChatTemplate)") { ConfigKey = "Data:ChatTemplate" },
        .. LengthOptions.Declared("with --loader: "),
    ];

    private static readonly string[] LoaderOnly = ["--kind", "--chat-template", .. LengthOptions.Names];

    public override int Run(VerbContext context)
    {
        var batchSize = context.IntOption("--batch-size", 8);
        var loaderName = context.Option("--loader");
        if (loaderName is null && LoaderOnly.FirstOrDefault(o => context.Option(o) is not null) is { } stray)
            throw new UsageException($"{stray} applies to --loader input only");
        var input = context.PathOption("--input")!;
        if (!File.Exists(input)) throw new InputException($"{input}: input file not found");

        var session = context.Session;
        var options = session.Options;
        var folder = string.IsNullOrWhiteSpace(options.Model.Checkpoint) ? null : Path.GetFullPath(options.Model.Checkpoint, session.Configuration.RootFolder);
        if (folder is null && string.IsNullOrWhiteSpace(options.Model.Architecture))
            throw new UsageException("name the model: --model DIR (or Model:Checkpoint)");
        if (folder is not null && !Directory.Exists(folder)) throw new InputException($"{folder}: model folder not found (expected config.json and model.safetensors)");
        var kind = loaderName is null ? (DataKind?)null : ParseKind(context.Option("--kind"));

        var errors = new List<ConfigurationError>();
        var contexts = new PluginContextFactory(session, context.Cancellation, outputDirectory: null);
        var (models, spec) = ModelsOf(session, contexts, folder, errors);
        var loader = loaderName is null ? null : session.Plugins.Get<ILoaderPlugin>(loaderName, "Data:Loader", session.Configuration.SourceOf("Data:Loader"));
        var loaderContext = loader is null ? null : contexts.For(loader, PluginOptionsCheck.Loader, errors);
        if (errors.Count > 0) throw new ConfigurationException(errors);
        EncodingOptions? encoding = null;
        if (loader is not null)
        {
            kind ??= loader.Kinds.FirstOrDefault(ExampleLogProbs.ScorableKinds.Contains);
            if (!ExampleLogProbs.ScorableKinds.Contains(kind.Value) || !loader.Kinds.Contains(kind.Value))
                throw new UsageException($"--kind: loader '{loader.Name}' reads {string.Join(", ", loader.Kinds).ToLowerInvariant()}; logprobs needs one of "
                                         + string.Join(", ", ExampleLogProbs.ScorableKinds.Where(loader.Kinds.Contains)).ToLowerInvariant());
            encoding = LengthOptions.Of(session).Limits;
        }

        using var model = models.Build(spec, ModelRole.Reference);
        Action<TextWriter> write = loader is null
            ? writer => RowLogProbs.Run(model, () => models.LoadTokenizer(spec), input, writer, batchSize)
            : writer =>
            {
                var examples = loader.CreateLoader(loaderContext!).Load(
                    new DataSource(input, kind!.Value, options.Data.Options ?? session.Configuration.Root.GetSection("Data:Options"), 0, options.Data.OnBadRow),
                    context.Cancellation).ToList();
                if (examples.Count == 0) throw new FormatException($"{input}: no {kind.Value.ToString().ToLowerInvariant()} examples");
                var templated = ChatTemplateChoice.Apply(models.LoadTokenizer(spec), options.Data.ChatTemplate, session.Configuration.RootFolder);
                ExampleLogProbs.Run(model, templated, examples, kind.Value, encoding!, batchSize, writer);
            };
        try
        {
            return AtomicOutputFile.Write(context.PathOption("--output"), context.IO.Out, writer =>
            {
                write(writer);
                return ExitCodes.Success;
            });
        }
        catch (Exception e) when (e is FormatException or DataFormatException or ModelSpecException or FileNotFoundException or DirectoryNotFoundException or ArgumentException
                                      or Halos.Tokenizers.TokenizerFormatException)
        {
            throw new InputException(e.Message, e);
        }
    }

    /// <summary>The model plugin's builder for this run, and the spec of <c>Model</c> with the checkpoint resolved.</summary>
    private static (IModelBuilder Models, ModelSpec Spec) ModelsOf(HalosSession session, PluginContextFactory contexts, string? folder, List<ConfigurationError> errors)
    {
        var options = session.Options.Model;
        var name = BuiltInDefaults.ModelPluginOr(options.Plugin, session.Plugins)
                   ?? throw new ConfigurationException("Model:Plugin", "is not set, and no model plugin is installed (see 'halos plugins list')");
        var plugin = session.Plugins.Get<IModelPlugin>(name, "Model:Plugin", session.Configuration.SourceOf("Model:Plugin"));
        var models = plugin.CreateModels(contexts.For(plugin, PluginOptionsCheck.Model, errors));
        var spec = new ModelSpec(options.Architecture, folder, ScalarTypeInfo.Parse(options.DType), Device.Parse(options.Device),
            options.Options ?? session.Configuration.Root.GetSection("Model:Options"));
        return (models, spec);
    }

    private static DataKind? ParseKind(string? text)
    {
        if (text is null) return null;
        return Enum.TryParse<DataKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new UsageException($"--kind: '{text}' is not a data kind; expected one of {string.Join(", ", Enum.GetNames<DataKind>()).ToLowerInvariant()}");
    }
}
