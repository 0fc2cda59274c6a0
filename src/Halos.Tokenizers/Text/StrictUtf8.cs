using System.Text.Unicode;

namespace Halos.Tokenizers.Text;

/// <summary>
/// UTF-8 read without repair. .NET's decoders replace invalid bytes with U+FFFD silently, so a damaged config key
/// (<c>max_position_embedd\xe9ngs</c>) reads as a different, unknown key and is then ignored; configuration files
/// and tokenizer files are read through this instead and rejected, naming the byte offset of the first bad sequence.
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

    /// <summary>Reads a whole text file (a UTF-8 byte-order mark is dropped); false, with the offset, when it is not valid UTF-8.</summary>
    public static bool TryReadFile(string path, out string text, out long invalidAt)
    {
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        var bad = FirstInvalidByte(bytes.AsSpan(start));
        invalidAt = bad < 0 ? -1 : start + bad;
        text = bad < 0 ? System.Text.Encoding.UTF8.GetString(bytes, start, bytes.Length - start) : "";
        return bad < 0;
    }

    /// <summary>The problem to report for invalid UTF-8 at <paramref name="offset"/>, for an error that already names the file.</summary>
    public static string Problem(long offset) => $"invalid UTF-8 at byte {offset}; expected UTF-8 text (was the file saved in another encoding, or damaged?)";
}
