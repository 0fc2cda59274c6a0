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
    public const string Synopsis = "--model DIR --input FILE.jsonl [--output FILE] [--batch-size N]";

    public const string Usage = "usage: halos logprobs " + Synopsis;

    public const string Summary = "Summed and mean completion log-probs of JSONL rows (prompt/completion or prompt_ids/completion_ids) under a model folder";

    /// <summary>Returns the exit code: 0 done, 2 a usage or input error (named), 1 anything else.</summary>
    public static int Run(IReadOnlyList<string> args, HostIO io)
    {
        string? model = null, input = null, output = null;
        var batchSize = 8;
        for (var i = 0; i < args.Count; i++)
        {
            var hasValue = i + 1 < args.Count;
            switch (args[i])
            {
                case "--model" when hasValue: model = args[++i]; break;
                case "--input" when hasValue: input = args[++i]; break;
                case "--output" when hasValue: output = args[++i]; break;
                case "--batch-size" when hasValue:
                    if (!int.TryParse(args[++i], out batchSize) || batchSize <= 0)
                        return UsageError(io, $"--batch-size expects a positive integer, got '{args[i]}'");
                    break;
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
        try
        {
            if (output is null)
            {
                LogProbsCommand.Run(model, input, io.Out, batchSize);
                return ExitCodes.Success;
            }
            // Written beside the target and moved into place, so a failed run leaves no half-written file.
            output = Path.GetFullPath(output, io.WorkingDirectory);
            var partial = output + ".partial";
            try
            {
                using (var writer = new StreamWriter(partial)) LogProbsCommand.Run(model, input, writer, batchSize);
                File.Move(partial, output, overwrite: true);
            }
            finally
            {
                if (File.Exists(partial)) File.Delete(partial);
            }
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is CheckpointException or ModelConfigException or FormatException or TokenizerFormatException
                                      or FileNotFoundException or DirectoryNotFoundException)
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
