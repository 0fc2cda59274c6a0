using Halos.Data.Reading;
using System.Text.Json;

namespace Halos.Models.LogProbs;

/// <summary>Reads a JSONL file one object per non-blank line, with errors that name the file and line.</summary>
internal static class JsonlRows
{
    /// <summary>
    /// The objects of a JSON Lines (or JSON array) file, optionally gzipped, read strictly as data files are: invalid
    /// JSON, bytes that are not UTF-8 or a lone-surrogate escape stop with the file and line.
    /// </summary>
    public static IEnumerable<(int line, JsonElement row)> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the input file does not exist", path);
        foreach (var (record, error) in JsonRecords.Read(path))
        {
            if (error is not null) throw new FormatException(error.Message, error);
            yield return ((int)record!.Line, record.Root);
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
