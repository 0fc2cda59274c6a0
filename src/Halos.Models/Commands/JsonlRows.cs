using System.Text.Json;

namespace Halos.Models.Commands;

/// <summary>Reads a JSONL file one object per non-blank line, with errors that name the file and line.</summary>
internal static class JsonlRows
{
    public static IEnumerable<(int line, JsonElement row)> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the input file does not exist", path);
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonElement row;
            try
            {
                row = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{line}: not valid JSON: {e.Message}");
            }
            if (row.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}:{line}: expected a JSON object per line");
            yield return (line, row);
        }
    }

    public static long[]? Ids(JsonElement row, string key, string path, int line)
    {
        if (!row.TryGetProperty(key, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}:{line}: \"{key}\" must be an array of token ids");
        return value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var id) && id >= 0
            ? id : throw new FormatException($"{path}:{line}: \"{key}\" must hold non-negative integers, got {v.GetRawText()}")).ToArray();
    }

    public static string? Text(JsonElement row, string key, string path, int line)
    {
        if (!row.TryGetProperty(key, out var value)) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"{path}:{line}: \"{key}\" must be a string");
    }
}
