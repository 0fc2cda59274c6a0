using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Tokenization;
using Halos.Host.Cli;
using Halos.Models.Checkpoints;
using Halos.Models.Commands;
using Halos.Models.Configuration;
using Halos.Tokenizers;

namespace Halos.Host.Verbs;

/// <summary>
/// The command line of <c>halos logprobs</c>: parses the options, resolves paths against the working directory and
/// hands the work to <see cref="LogProbsCommand"/> (Halos.Models), which writes one JSON line per input row.
/// </summary>
public static class LogProbsCommandLine
{
    public const string Synopsis = "--model DIR --input FILE [--output FILE] [--batch-size N] [--loader NAME [--kind KIND] [--chat-template NAME|FILE] " + LengthFlags.Synopsis + "]";

    public const string Usage = "usage: halos logprobs " + Synopsis;

    public const string Summary = "Summed and mean completion log-probs under a model folder: of prompt/completion (or _ids) rows, or with --loader of any data train reads, encoded as train encodes it";

    /// <summary>Returns the exit code: 0 done, 2 a usage or input error (named), 1 anything else.</summary>
    public static int Run(IReadOnlyList<string> args, HostIO io)
    {
        string? model = null, input = null, output = null, loader = null, kindText = null, template = null;
        var batchSize = 8;
        var limits = new LengthFlags();
        for (var i = 0; i < args.Count; i++)
        {
            var hasValue = i + 1 < args.Count;
            try
            {
                if (limits.TryTake(args, ref i)) continue;
            }
            catch (ArgumentException e)
            {
                return UsageError(io, e.Message);
            }
            switch (args[i])
            {
                case "--model" when hasValue: model = args[++i]; break;
                case "--input" when hasValue: input = args[++i]; break;
                case "--output" when hasValue: output = args[++i]; break;
                case "--batch-size" when hasValue:
                    if (!int.TryParse(args[++i], out batchSize) || batchSize <= 0)
                        return UsageError(io, $"--batch-size expects a positive integer, got '{args[i]}'");
                    break;
                case "--loader" when hasValue: loader = args[++i]; break;
                case "--kind" when hasValue: kindText = args[++i]; break;
                case "--chat-template" when hasValue: template = args[++i]; break;
                default:
                    return UsageError(io, args[i].StartsWith("--") && !hasValue
                        ? $"{args[i]} expects a value"
                        : $"unexpected argument '{args[i]}'");
            }
        }
        if (model is null || input is null) return UsageError(io, "--model and --input are required");
        model = Path.GetFullPath(model, io.WorkingDirectory);
        input = Path.GetFullPath(input, io.WorkingDirectory);
        if (!Directory.Exists(model)) return InputError(io, $"{model}: model folder not found (expected config.json and model.safetensors)");
        if (!File.Exists(input)) return InputError(io, $"{input}: input file not found");
        if (loader is null && ((kindText ?? template) is not null || limits.Any))
            return UsageError(io, "--kind, --chat-template and the length options apply to --loader input only");
        EncodingOptions encoding;
        try
        {
            encoding = limits.ToOptions();
        }
        catch (ArgumentException e)
        {
            return UsageError(io, e.Message);
        }
        DataKind? kind = null;
        if (kindText is not null)
        {
            if (!Enum.TryParse<DataKind>(kindText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return UsageError(io, $"--kind: '{kindText}' is not a data kind; expected one of {string.Join(", ", Enum.GetNames<DataKind>()).ToLowerInvariant()}");
            kind = parsed;
        }
        try
        {
            Action<TextWriter> write = loader is null
                ? writer => LogProbsCommand.Run(model, input, writer, batchSize)
                : writer => DataFileLogProbs.Run(model, input, new DataFileLogProbsOptions
                {
                    Loader = loader, Kind = kind, ChatTemplate = template, BatchSize = batchSize, Root = io.WorkingDirectory,
                    Encoding = encoding,
                }, writer);
            if (output is null)
            {
                write(io.Out);
                return ExitCodes.Success;
            }
            // Written beside the target and moved into place, so a failed run leaves no half-written file.
            output = Path.GetFullPath(output, io.WorkingDirectory);
            var partial = output + ".partial";
            try
            {
                using (var writer = new StreamWriter(partial)) write(writer);
                File.Move(partial, output, overwrite: true);
            }
            finally
            {
                if (File.Exists(partial)) File.Delete(partial);
            }
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is CheckpointException or ModelConfigException or FormatException or TokenizerFormatException
                                      or FileNotFoundException or DirectoryNotFoundException or DataFormatException or ArgumentException)
        {
            return InputError(io, e.Message);
        }
    }

    private static int UsageError(HostIO io, string problem)
    {
        io.Error.WriteLine($"logprobs: {problem}\n{Usage}");
        return ExitCodes.UsageError;
    }

    private static int InputError(HostIO io, string problem)
    {
        io.Error.WriteLine($"logprobs: {problem}");
        return ExitCodes.UsageError;
    }
}
