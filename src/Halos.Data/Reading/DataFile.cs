using Halos.Abstractions.Data;
using Halos.Data.Reading.Gzip;
using Halos.Tokenizers.Text;

namespace Halos.Data.Reading;

/// <summary>
/// Opens a data file for reading, transparently decompressing gzip. Compression is detected from the
/// content (the 1f 8b magic bytes), not the name, so a mis-named file still reads. A gzip file is decompressed
/// whole and checked to its last byte (<see cref="GzipFile"/>) before any row is read, so a damaged file is an
/// error rather than a shorter dataset.
/// </summary>
public static class DataFile
{
    public static Stream Open(string path)
    {
        if (Directory.Exists(path)) throw new DataFormatException(path, null, "is a folder; expected a data file (.jsonl, .json, .tsv, optionally .gz)");
        if (!File.Exists(path)) throw new DataFormatException(path, null, "file not found");
        var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        if (!GzipFile.HasMagic(magic[..read]))
        {
            file.Position = 0;
            return file;
        }
        var compressed = new byte[file.Length];
        using (file)
        {
            file.Position = 0;
            file.ReadExactly(compressed);
        }
        return new MemoryStream(GzipFile.Decompress(path, compressed), writable: false);
    }

    /// <summary>The whole (decompressed) content as bytes, for formats that must see the file at once.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using var stream = Open(path);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// The lines of the (decompressed) content as bytes with their 1-based numbers, split at '\n' (a '\r' before it
    /// is kept); a leading UTF-8 byte-order mark is dropped. Decoding is left to the caller, so one line with invalid
    /// UTF-8 can be rejected as a bad row with its number while the rest of the file reads.
    /// </summary>
    public static IEnumerable<(long Line, ReadOnlyMemory<byte> Bytes)> ByteLines(byte[] bytes)
    {
        long line = 0;
        var at = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        while (at < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', at);
            if (end < 0) end = bytes.Length;
            yield return (++line, bytes.AsMemory(at, end - at));
            at = end + 1;
        }
    }

    /// <summary>
    /// Text lines with their 1-based numbers. A line that is not valid UTF-8 comes back as an error naming the file,
    /// line and byte offset within the line, so a reader can reject (or skip and count) it like any other bad row.
    /// </summary>
    public static IEnumerable<DataLine> ReadLines(string path)
    {
        foreach (var (line, bytes) in ByteLines(ReadAllBytes(path)))
        {
            var bad = StrictUtf8.FirstInvalidByte(bytes.Span);
            yield return bad < 0
                ? new DataLine(line, System.Text.Encoding.UTF8.GetString(bytes.Span), null)
                : new DataLine(line, null, InvalidUtf8(path, line, bad));
        }
    }

    /// <summary>The bad-row error for a line whose bytes are not UTF-8 (the offset counts from 0 at the line's start).</summary>
    public static DataFormatException InvalidUtf8(string path, long line, int column) =>
        new(path, line, $"in the line at byte {column}: invalid UTF-8; expected UTF-8 text");
}

/// <summary>One line of a text data file: its text, or the located error that replaced it.</summary>
public readonly record struct DataLine(long Line, string? Text, DataFormatException? Error);
