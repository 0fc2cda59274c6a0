using System.IO.Compression;

namespace Halos.Data.Reading;

/// <summary>
/// Opens a data file for reading, transparently decompressing gzip. Compression is detected from the
/// content (the 1f 8b magic bytes), not the name, so a mis-named file still reads.
/// </summary>
public static class DataFile
{
    public static Stream Open(string path)
    {
        if (Directory.Exists(path)) throw new Halos.Abstractions.Data.DataFormatException(path, null, "is a folder; expected a data file (.jsonl, .json, .tsv, optionally .gz)");
        if (!File.Exists(path)) throw new Halos.Abstractions.Data.DataFormatException(path, null, "file not found");
        var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var read = file.Read(magic);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The whole (decompressed) content as bytes, for formats that must see the file at once.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using var stream = Open(path);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Text lines with their 1-based numbers; a UTF-8 BOM is dropped.</summary>
    public static IEnumerable<(long Line, string Text)> ReadLines(string path)
    {
        using var reader = new StreamReader(Open(path), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        long number = 0;
        while (reader.ReadLine() is { } line) yield return (++number, line);
    }
}
