using System.Text.Json;

namespace Halos.Tokenizers;

/// <summary>
/// What <c>halos tokenize</c> does to a stream of lines: encoding turns each input line into one JSON array of ids;
/// decoding turns each JSON array of ids into one JSON string (JSON so that decoded newlines cannot break the
/// one-line-per-input contract). Lines are processed in chunks, in parallel within a chunk, in order.
/// </summary>
public sealed class LineTokenizer(Tokenizer tokenizer, bool decode = false, bool addSpecialTokens = true, bool skipSpecialTokens = false)
{
    private const int ChunkLines = 1024;

    // Decoded text goes to a file or terminal, not HTML: keep '<', '>' and non-ASCII readable.
    private static readonly JsonSerializerOptions TextJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
