using System.Text.Json;

namespace Halos.Tokenizers;

/// <summary>
/// The logic of <c>halos tokenize --tokenizer DIR_OR_FILE --input FILE [--decode]</c>: encoding turns
/// each input line into one JSON array of ids; decoding turns each JSON array of ids into one JSON
/// string (JSON so that decoded newlines cannot break the one-line-per-input contract).
/// </summary>
public sealed class TokenizeCommand(Tokenizer tokenizer, bool decode = false, bool addSpecialTokens = true, bool skipSpecialTokens = false)
{
    private const int ChunkLines = 1024;

    // Decoded text goes to a file or terminal, not HTML: keep '<', '>' and non-ASCII readable.
    private static readonly JsonSerializerOptions TextJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string Usage = "usage: halos tokenize --tokenizer DIR_OR_FILE --input FILE|- [--decode] [--no-special-tokens] [--skip-special-tokens]";

    /// <summary>Parses the verb's arguments and runs it. Returns the process exit code (0 ok, 2 usage or input error).</summary>
    public static int Run(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        string? tokenizerPath = null, inputPath = null;
        bool decode = false, addSpecial = true, skipSpecial = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--tokenizer" when i + 1 < args.Count: tokenizerPath = args[++i]; break;
                case "--input" when i + 1 < args.Count: inputPath = args[++i]; break;
                case "--decode": decode = true; break;
                case "--no-special-tokens": addSpecial = false; break;
                case "--skip-special-tokens": skipSpecial = true; break;
                default:
                    stderr.WriteLine($"tokenize: unexpected argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }
        if (tokenizerPath is null || inputPath is null)
        {
            stderr.WriteLine($"tokenize: --tokenizer and --input are required\n{Usage}");
            return 2;
        }
        try
        {
            var tokenizer = Tokenizer.Load(tokenizerPath);
            var command = new TokenizeCommand(tokenizer, decode, addSpecial, skipSpecial);
            if (inputPath == "-") command.Process(stdin, stdout, "<stdin>");
            else
            {
                using var reader = new StreamReader(inputPath);
                command.Process(reader, stdout, inputPath);
            }
            return 0;
        }
        catch (Exception e) when (e is TokenizerFormatException or FileNotFoundException or FormatException or DirectoryNotFoundException)
        {
            stderr.WriteLine($"tokenize: {e.Message}");
            return 2;
        }
    }

    /// <summary>Processes every line of <paramref name="input"/>; returns the number of lines written.</summary>
    public long Process(TextReader input, TextWriter output, string inputName = "<input>")
    {
        var lines = new List<string>(ChunkLines);
        long lineNumber = 0;
        while (true)
        {
            lines.Clear();
            while (lines.Count < ChunkLines && input.ReadLine() is { } line) lines.Add(line);
            if (lines.Count == 0) return lineNumber;
            var results = decode ? DecodeLines(lines, lineNumber, inputName) : EncodeLines(lines);
            foreach (var result in results) output.WriteLine(result);
            lineNumber += lines.Count;
        }
    }

    private string[] EncodeLines(List<string> lines)
    {
        var results = new string[lines.Count];
        Parallel.For(0, lines.Count, i => results[i] = JsonSerializer.Serialize(tokenizer.EncodeToIds(lines[i], addSpecialTokens)));
        return results;
    }

    private string[] DecodeLines(List<string> lines, long firstLine, string inputName)
    {
        var ids = new int[lines.Count][];
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                ids[i] = JsonSerializer.Deserialize<int[]>(lines[i]) ?? throw new JsonException("null");
            }
            catch (JsonException)
            {
                throw new FormatException($"{inputName}:{firstLine + i + 1}: expected a JSON array of token ids, found: {Truncate(lines[i])}");
            }
        }
        var results = new string[lines.Count];
        Parallel.For(0, lines.Count, i => results[i] = JsonSerializer.Serialize(tokenizer.Decode(ids[i], skipSpecialTokens), TextJson));
        return results;
    }

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
