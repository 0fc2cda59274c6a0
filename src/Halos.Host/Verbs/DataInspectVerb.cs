using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Options;
using Halos.Data;
using Halos.Data.Loading;
using Halos.Data.Tokenization;
using Halos.Host.Cli;
using Halos.Host.Configuration;

namespace Halos.Host.Verbs;

/// <summary>
/// <c>halos data inspect</c>: the audit to run before training (<see cref="DataInspection"/>) of a file in one of the
/// built-in formats, with the length limits of the configuration (<c>Data</c>), which the flags override.
/// </summary>
public sealed class DataInspectVerb : Verb
{
    public override string Name => "data inspect";

    public override string Summary => "Audit a data file: row counts, rejected rows, token lengths, duplicates, and rows as the model sees them";

    public override string InputFormat =>
        $"--input: a file in one of the built-in formats ({DataFormats.Names}), as train reads it with that loader.\n"
        + "Bad rows are listed with their line and reason rather than stopping the audit.";

    public override IReadOnlyList<VerbOption> Options =>
    [
        new("--loader", "NAME", $"the format to read --input with: {DataFormats.Names} (same as --Data:Loader=NAME)") { ConfigKey = "Data:Loader" },
        new("--input", "FILE", "the data file to audit", Required: true),
        new("--tokenizer", "DIR", "a tokenizer folder: adds token-length percentiles, the length policy's effect, and rows as token text (default: none, counts only)"),
        new("--show", "N", "print the first N rows as the model sees them, the prompt marked (default 0)"),
        new("--kind", "KIND", "the data kind to read (default: the format's first)"),
        new("--split", "NAME", "a dataset split, where the format has them (default: the whole file)"),
        new("--prompt-column", null, "read a prompt column (as the format names it) rather than splitting conversations"),
        .. LengthOptions.Declared(),
    ];

    public override int Run(VerbContext context)
    {
        var session = context.Session;
        var loader = session.Options.Data.Loader;
        if (string.IsNullOrWhiteSpace(loader)) throw new UsageException($"--loader is required; one of {DataFormats.Names}");
        var format = DataFormats.Find(loader)
                     ?? throw new UsageException($"--loader: no loader named '{loader}'; expected one of {DataFormats.Names}{ClosestName.Suffix(loader, DataFormats.All.Select(f => f.Name))}");
        var kind = format.Kinds.First();
        if (context.Option("--kind") is { } kindText)
        {
            if (!Enum.TryParse(kindText, ignoreCase: true, out kind) || !Enum.IsDefined(kind))
                throw new UsageException($"--kind: '{kindText}' is not a data kind; expected one of {string.Join(", ", Enum.GetNames<DataKind>()).ToLowerInvariant()}");
            if (!format.Kinds.Contains(kind))
                throw new UsageException($"--kind: loader '{format.Name}' does not produce {kindText}; it produces {string.Join(", ", format.Kinds).ToLowerInvariant()}");
        }
        var show = context.IntOption("--show", 0, minimum: 0);
        var (limits, given) = LengthOptions.Of(session);
        var input = context.PathOption("--input")!;
        if (!File.Exists(input) && !Directory.Exists(input)) throw new InputException($"{input}: file not found");
        try
        {
            DataInspection.Run(new DataInspectionRequest(format, input, kind)
            {
                Tokenizer = context.PathOption("--tokenizer") is { } tokenizer ? HuggingFaceTokenizer.Load(tokenizer) : null,
                Show = show,
                Limits = limits,
                LimitsGiven = given,
                Split = context.Option("--split"),
                PromptColumn = context.Flag("--prompt-column"),
            }, context.IO.Out);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException
                                      || e.GetType().Namespace?.StartsWith("Halos.Tokenizers") == true)
        {
            throw new InputException(e.Message, e);
        }
    }
}
