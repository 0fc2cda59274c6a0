using System.Buffers.Binary;
using System.IO.Compression;
using Halos.Abstractions.Data;

namespace Halos.Data.Reading.Gzip;

/// <summary>
/// Decompresses a whole gzip file (RFC 1952) and insists that it ends cleanly, with Python's <c>gzip</c> module as
/// the bar: every member's deflate stream reaches its end marker, its 8-byte trailer carries the CRC-32 and length
/// of what it decompressed to, and after the last member only zero padding may follow. Concatenated members are
/// read one after another. .NET's GZipStream accepts a truncated stream, a missing trailer and trailing garbage
/// without a word, which turns a damaged download into a shorter dataset; every such file is an error here that
/// names the file and the byte offset.
/// </summary>
internal static class GzipFile
{
    private const byte FlagHeaderCrc = 0x02, FlagExtra = 0x04, FlagName = 0x08, FlagComment = 0x10, FlagsReserved = 0xE0;
    private const int HeaderSize = 10, TrailerSize = 8;

    // The last bytes of the file are fed to the decoder one at a time; a well-formed single member ends 8 bytes
    // (plus any zero padding) before the end of the file, so this window nearly always holds its end.
    private const int FineWindow = 1024;

    public static bool HasMagic(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b;

    public static byte[] Decompress(string path, byte[] file)
    {
        var output = new MemoryStream();
        var at = 0;
        do
        {
            at = ReadMember(path, file, at, output);
            while (at < file.Length && file[at] == 0) at++;
            if (at < file.Length && file[at] != 0x1f)
                throw Corrupt(path, at, $"{file.Length - at} byte(s) follow the end of the gzip data, and they are neither zero padding nor another gzip member");
        }
        while (at < file.Length);
        return output.ToArray();
    }

    /// <summary>Decompresses the member at <paramref name="start"/> into <paramref name="output"/> and returns the offset just after its trailer.</summary>
    private static int ReadMember(string path, byte[] file, int start, MemoryStream output)
    {
        var body = SkipHeader(path, file, start);
        var before = output.Length;
        var fineFrom = Math.Max(body, file.Length - FineWindow);
        var (end, crc, length) = Inflate(path, file, body, fineFrom, output);
        if (end < 0)
        {
            // The stream ended inside a chunk (another member or garbage follows): inflate it again, feeding that chunk byte by byte.
            output.SetLength(before);
            (end, crc, length) = Inflate(path, file, body, -end, output);
        }
        if (end + TrailerSize > file.Length)
            throw Truncated(path, file, $"inside the 8-byte CRC-32 and length trailer that starts at byte {end}");
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(end));
        var storedLength = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(end + 4));
        if (storedCrc != crc)
            throw Corrupt(path, end, $"CRC check failed: the trailer says 0x{storedCrc:x8}, the data decompresses to 0x{crc:x8}");
        if (storedLength != unchecked((uint)length))
            throw Corrupt(path, end + 4, $"length check failed: the trailer says {storedLength} bytes (mod 2^32), the data decompresses to {length}");
        return end + TrailerSize;
    }

    /// <summary>
    /// Inflates the deflate stream at <paramref name="body"/>. Returns the offset where it ended, or, when it ended
    /// inside a chunk, the negated start of that chunk (to be inflated again with a finer feed from there).
    /// </summary>
    private static (int End, uint Crc, long Length) Inflate(string path, byte[] file, int body, int fineFrom, MemoryStream output)
    {
        var input = new MeteredInput(file, body, fineFrom);
        var crc = new GzipCrc32();
        long length = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            using var inflater = new DeflateStream(input, CompressionMode.Decompress, leaveOpen: true);
            int n;
            while ((n = inflater.Read(buffer)) > 0)
            {
                crc.Append(buffer.AsSpan(0, n));
                length += n;
                if (output.Length + n > Array.MaxLength)
                    throw new DataFormatException(path, null, $"decompresses to more than {Array.MaxLength} bytes, more than one data file can hold; split it into several files");
                output.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException)
        {
            throw Corrupt(path, input.Served, "the compressed data is invalid (a damaged or altered file)");
        }
        // The decoder only asks for more input while its stream is unfinished: having consumed the whole file, it
        // either ran out mid-stream or ended on the last byte, leaving no room for the trailer. Both are truncation.
        if (input.Served >= file.Length)
            throw Truncated(path, file, "before the end of the compressed data and its 8-byte CRC-32 and length trailer");
        return input.LastReadWasChunk ? (-input.LastReadStart, 0, 0) : (input.Served, crc.Value, length);
    }

    private static int SkipHeader(string path, byte[] file, int start)
    {
        Need(path, file, start, HeaderSize, "inside the 10-byte gzip header");
        if (!HasMagic(file.AsSpan(start)))
            throw Corrupt(path, start, $"expected a gzip member (bytes 1f 8b), found {file[start]:x2} {file[start + 1]:x2}");
        if (file[start + 2] != 8)
            throw Corrupt(path, start + 2, $"compression method {file[start + 2]}; gzip defines only 8 (deflate)");
        var flags = file[start + 3];
        if ((flags & FlagsReserved) != 0) throw Corrupt(path, start + 3, $"reserved header flags are set (0x{flags:x2})");
        var at = start + HeaderSize;
        if ((flags & FlagExtra) != 0)
        {
            Need(path, file, at, 2, "inside the gzip header's extra field");
            var extra = file[at] | file[at + 1] << 8;
            Need(path, file, at + 2, extra, "inside the gzip header's extra field");
            at += 2 + extra;
        }
        if ((flags & FlagName) != 0) at = SkipZeroTerminated(path, file, at, "file name");
        if ((flags & FlagComment) != 0) at = SkipZeroTerminated(path, file, at, "comment");
        if ((flags & FlagHeaderCrc) != 0)
        {
            Need(path, file, at, 2, "inside the gzip header's CRC");
            at += 2;
        }
        return at;
    }

    private static int SkipZeroTerminated(string path, byte[] file, int at, string field)
    {
        var zero = Array.IndexOf(file, (byte)0, at);
        if (zero < 0) throw Truncated(path, file, $"inside the gzip header's {field}");
        return zero + 1;
    }

    private static void Need(string path, byte[] file, int at, int count, string where)
    {
        if ((long)at + count > file.Length) throw Truncated(path, file, where);
    }

    private static DataFormatException Truncated(string path, byte[] file, string where) =>
        new(path, null, $"the gzip data is truncated: the file ends at byte {file.Length}, {where} (an incomplete download or copy?)");

    private static DataFormatException Corrupt(string path, long offset, string problem) =>
        new(path, null, $"the gzip data is corrupt at byte {offset}: {problem}");
}
