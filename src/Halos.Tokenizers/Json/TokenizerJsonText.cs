using System.Text;
using System.Text.Json;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Json;

/// <summary>
/// Reads tokenizer.json and tokenizer_config.json text strictly: invalid UTF-8 and lone-surrogate escapes are
/// refused with their byte offset, and invalid JSON with its line, each naming the file.
/// </summary>
internal static class TokenizerJsonText
{
    public static string ReadFile(string path) =>
        StrictUtf8.ReadFile(path, json: false, problem => new TokenizerFormatException($"{path}: {problem}"));

    public static JsonDocument Parse(string json, string source)
    {
        if (StrictUtf8.FindJsonProblem(Encoding.UTF8.GetBytes(json)) is { } problem)
            throw new TokenizerFormatException($"{source}: {problem}");
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"{source}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }
}
