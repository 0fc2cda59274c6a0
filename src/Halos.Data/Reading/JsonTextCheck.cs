using System.Text.Json;
using Halos.Tokenizers.Text;

namespace Halos.Data.Reading;

/// <summary>
/// What System.Text.Json lets through until a string is read: bytes that are not UTF-8, and <c>\u</c> escapes of
/// a lone surrogate (<c>"\ud800"</c>). Both fail later inside a loader as an unlocated exception that ends the whole
/// read, so a row is checked for them up front and rejected as a bad row like any other.
/// </summary>
internal static class JsonTextCheck
{
    /// <summary>The problem with one row's JSON text and the offset of it within the row, or null when the text is fine.</summary>
    public static (int Offset, string Problem)? Find(ReadOnlySpan<byte> json)
    {
        var bad = StrictUtf8.FirstInvalidByte(json);
        if (bad >= 0) return (bad, "invalid UTF-8; expected UTF-8 text");
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
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
                    return ((int)reader.TokenStartIndex, "a \\u escape encodes a lone surrogate (\\ud800-\\udfff without its pair), which is not text");
                }
            }
        }
        catch (JsonException)
        {
            // Grammar errors are reported by the parser with their own position.
        }
        return null;
    }
}
