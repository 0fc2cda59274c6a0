using Halos.Host.Cli;
using Halos.Tokenizers;

namespace Halos.Host.Verbs;

/// <summary><c>halos tokenize</c>: encode lines to token ids, or decode ids to text, with a tokenizer.json.</summary>
public sealed class TokenizeVerb : Verb
{
    public override string Name => "tokenize";

    public override string Summary => "Encode lines to token ids (or decode ids) with a tokenizer.json";

    public override string InputFormat =>
        "Encoding: one text per line; each becomes one JSON array of ids.\n"
        + "Decoding (--decode): one JSON array of ids per line; each becomes one JSON string.";

    public override IReadOnlyList<VerbOption> Options =>
    [
        new("--tokenizer", "DIR_OR_FILE", "a tokenizer.json, or a folder holding one", Required: true),
        new("--input", "FILE|-", "the lines to encode or decode; - reads standard input", Required: true),
        new("--decode", null, "decode arrays of ids instead of encoding text (default: encode)"),
        new("--no-special-tokens", null, "encode without the tokenizer's added special tokens (default: add them, as transformers does)"),
        new("--skip-special-tokens", null, "decode without special tokens (default: keep them)"),
    ];

    public override int Run(VerbContext context)
    {
        var input = context.Option("--input")!;
        try
        {
            var tokenizer = Tokenizer.Load(context.PathOption("--tokenizer")!);
            var lines = new LineTokenizer(tokenizer, context.Flag("--decode"), !context.Flag("--no-special-tokens"), context.Flag("--skip-special-tokens"));
            if (input == "-") lines.Process(context.IO.In, context.IO.Out, "<stdin>");
            else
            {
                using var reader = new StreamReader(Path.GetFullPath(input, context.IO.WorkingDirectory));
                lines.Process(reader, context.IO.Out, input);
            }
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is TokenizerFormatException or FileNotFoundException or FormatException or DirectoryNotFoundException)
        {
            throw new InputException(e.Message, e);
        }
    }
}
