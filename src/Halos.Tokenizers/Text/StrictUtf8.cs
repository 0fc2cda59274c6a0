using System.Text.Json;
using System.Text.Unicode;

namespace Halos.Tokenizers.Text;

/// <summary>
/// UTF-8 read without repair. .NET's decoders replace invalid bytes with U+FFFD silently, so a damaged config key
/// (<c>max_position_embedd\xe9ngs</c>) reads as a different, unknown key and is then ignored; and System.Text.Json
/// accepts a <c>\u</c> escape of a lone surrogate (<c>"\ud800"</c>) until the string is read, where it throws an
/// unlocated exception. Configuration, tokenizer and data files are checked here instead, and every problem is
/// reported with the byte offset where it starts.
/// </summary>
public static class StrictUtf8
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>The offset of the first invalid UTF-8 sequence, or -1 when all of <paramref name="bytes"/> is valid.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return -1;
        var scratch = new char[bytes.Length];
        Utf8.ToUtf16(bytes, scratch, out var read, out _, replaceInvalidSequences: false);
        return read;
    }

    /// <summary>
    /// The first problem with JSON text, as "byte N: what" (N counted from 0 within <paramref name="json"/>), or null:
    /// bytes that are not UTF-8, or a string or key that escapes a lone surrogate. Grammar errors are left to the parser.
    /// </summary>
    public static string? FindJsonProblem(ReadOnlySpan<byte> json)
    {
        var bad = FirstInvalidByte(json);
        if (bad >= 0) return InvalidAt(bad);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 1024 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped) continue;
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return $"byte {reader.TokenStartIndex}: a \\u escape encodes a lone surrogate (\\ud800-\\udfff without its pair), which is not text";
                }
            }
        }
        catch (JsonException)
        {
            // The parser reports grammar errors with their own line and column.
        }
        return null;
    }

    /// <summary>
    /// Reads a whole text file (a UTF-8 byte-order mark is dropped). Invalid UTF-8, and for <paramref name="json"/>
    /// files a lone-surrogate escape, is thrown through <paramref name="error"/> as "byte N: what" (N from the file's start).
    /// </summary>
    public static string ReadFile(string path, bool json, Func<string, Exception> error)
    {
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        var body = bytes.AsSpan(start);
        var bad = FirstInvalidByte(body);
        if (bad >= 0) throw error(InvalidAt(start + bad));
        if (json && FindJsonProblem(body) is { } problem)
            throw error(start == 0 ? problem : ShiftOffset(problem, start));
        return System.Text.Encoding.UTF8.GetString(body);
    }

    private static string InvalidAt(long offset) =>
        $"byte {offset}: invalid UTF-8; expected UTF-8 text (was the file saved in another encoding, or damaged?)";

    private static string ShiftOffset(string problem, int by)
    {
        var colon = problem.IndexOf(':');
        return $"byte {long.Parse(problem["byte ".Length..colon]) + by}{problem[colon..]}";
    }
}
