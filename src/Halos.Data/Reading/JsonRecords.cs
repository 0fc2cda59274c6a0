using System.Text;
using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Tokenizers.Text;

namespace Halos.Data.Reading;

/// <summary>
/// Reads the JSON objects of a data file: JSON Lines (one object per line, blank lines ignored) or one
/// JSON array of objects, either optionally gzipped. The shape is detected from the first non-blank
/// character. A JSONL line that is not valid JSON comes back as an error item, so a reader that skips
/// bad rows can go on; a broken JSON array cannot be resynchronised and fails as a whole.
/// </summary>
public static class JsonRecords
{
    public static IEnumerable<JsonRecordOrError> Read(string path)
    {
        var bytes = DataFile.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var first = start;
        while (first < bytes.Length && bytes[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') first++;
        return first < bytes.Length && bytes[first] == (byte)'['
            ? ReadArray(path, bytes, start)
            : ReadLines(path, bytes);
    }

    private static IEnumerable<JsonRecordOrError> ReadLines(string path, byte[] bytes)
    {
        foreach (var (line, text) in DataFile.ByteLines(bytes))
        {
            if (IsBlank(text.Span)) continue;
            JsonRecordOrError item;
            try
            {
                item = Parse(path, line, text, "expected a JSON object per line");
            }
            catch (JsonException e)
            {
                item = new(null, new DataFormatException(path, line, $"invalid JSON at column {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}", e));
            }
            yield return item;
        }
    }

    /// <summary>One row's object, or the located error that rejects it: text that is not UTF-8 or holds a lone surrogate is a bad row.</summary>
    private static JsonRecordOrError Parse(string path, long line, ReadOnlyMemory<byte> text, string expectation)
    {
        if (StrictUtf8.FindJsonProblem(text.Span) is { } problem)
            return new(null, new DataFormatException(path, line, $"in the row at {problem}"));
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.ValueKind == JsonValueKind.Object
            ? new(new JsonRecord(path, line, doc.RootElement.Clone()), null)
            : new(null, new DataFormatException(path, line, $"{expectation}, got {JsonRecord.Describe(doc.RootElement)}"));
    }

    private static IEnumerable<JsonRecordOrError> ReadArray(string path, byte[] bytes, int start)
    {
        // Elements are located with a reader first so each record knows the line it starts on.
        var elements = new List<(long Line, int Start, int Length)>();
        try
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(start), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            reader.Read();
            long line = 1;
            var counted = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var tokenStart = (int)reader.TokenStartIndex;
                line += CountNewlines(bytes.AsSpan(start + counted, tokenStart - counted));
                counted = tokenStart;
                reader.Skip();
                elements.Add((line, start + tokenStart, (int)reader.BytesConsumed - tokenStart));
            }
            if (reader.TokenType != JsonTokenType.EndArray) throw new DataFormatException(path, line, "the JSON array is not closed with ']'");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (e.LineNumber ?? 0) + 1, $"invalid JSON at column {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}", e);
        }
        foreach (var (line, at, length) in elements)
            yield return Parse(path, line, bytes.AsMemory(at, length), "expected each item of the JSON array to be an object");
    }

    private static int CountNewlines(ReadOnlySpan<byte> span) => span.Count((byte)'\n');

    private static bool IsBlank(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}

/// <summary>A record, or the located error that replaced it.</summary>
public readonly record struct JsonRecordOrError(JsonRecord? Record, DataFormatException? Error);
