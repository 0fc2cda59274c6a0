using System.IO.Compression;
using System.Text;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Tests.Support;

namespace Halos.Data.Tests;

/// <summary>
/// A damaged .gz is an error naming the file and byte offset, never a shorter dataset. Python's gzip module is the
/// bar; what it does with each file below (python3 -c "gzip.decompress(...)") is in each test's comment.
/// </summary>
public class GzipInputTests
{
    private static byte[] Rows(int count, int padding = 0) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i =>
        $"{{\"prompt\": \"p{i}\", \"completion\": \"c{i} {Noise(i, padding)}\"}}\n")));

    // Incompressible text, so that a member is larger than the window fed byte by byte at the end of the file.
    private static string Noise(int seed, int length)
    {
        var random = new Random(seed);
        return new string(Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26))).ToArray());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(data);
        return buffer.ToArray();
    }

    private static IReadOnlyList<Example> ReadSft(string path) => Read.All("sft", path, DataKind.Sft);

    private static DataFormatException Rejected(byte[] file)
    {
        using var temp = new TempFile(".jsonl.gz", file);
        var e = Assert.Throws<DataFormatException>(() => ReadSft(temp.Path));
        Assert.StartsWith(temp.Path + ": the gzip data is ", e.Message);
        return e;
    }

    [Fact]
    public void ACleanFileReadsEveryRow_AlsoWithZeroPaddingAndConcatenatedMembers()
    {
        var gz = Gzip(Rows(50));
        using (var clean = new TempFile(".jsonl.gz", gz)) Assert.Equal(50, ReadSft(clean.Path).Count);
        // Python: zero padding after the last member is accepted.
        using (var padded = new TempFile(".jsonl.gz", [.. gz, 0, 0, 0, 0])) Assert.Equal(50, ReadSft(padded.Path).Count);
        // Python: `cat a.gz b.gz` reads as both, one after the other.
        using (var two = new TempFile(".jsonl.gz", [.. gz, .. gz])) Assert.Equal(100, ReadSft(two.Path).Count);
    }

    [Fact]
    public void LargeConcatenatedMembersAreLocatedExactly()
    {
        // Each member is far larger than the tail fed byte by byte, so the first one's end is found by the second pass.
        var first = Gzip(Rows(800, padding: 300));
        var second = Gzip(Rows(7, padding: 300));
        Assert.True(first.Length > 100_000);
        using var temp = new TempFile(".jsonl.gz", [.. first, .. second]);
        Assert.Equal(807, ReadSft(temp.Path).Count);
    }

    [Fact]
    public void ATruncatedFileIsAnErrorAtItsEnd()
    {
        // Python: EOFError "Compressed file ended before the end-of-stream marker was reached". Today: 30 of 50 rows, exit 0.
        var gz = Gzip(Rows(50));
        var cut = gz[..(gz.Length * 6 / 10)];
        var e = Rejected(cut);
        Assert.Contains($"truncated: the file ends at byte {cut.Length}", e.Message);
    }

    [Fact]
    public void AFileMissingItsTrailerIsAnError()
    {
        // Python: EOFError, as for truncation. Today: all 50 rows, exit 0.
        var gz = Gzip(Rows(50));
        var e = Rejected(gz[..^8]);
        Assert.Contains($"truncated: the file ends at byte {gz.Length - 8}, before the end of the compressed data and its 8-byte CRC-32 and length trailer", e.Message);
        var half = Rejected(gz[..^4]);
        Assert.Contains($"the file ends at byte {gz.Length - 4}, inside the 8-byte CRC-32 and length trailer that starts at byte {gz.Length - 8}", half.Message);
    }

    [Fact]
    public void TrailingGarbageIsAnErrorAtItsFirstByte()
    {
        // Python: BadGzipFile "Not a gzipped file (b'ga')". Today: accepted.
        var gz = Gzip(Rows(50));
        var e = Rejected([.. gz, .. "garbage!"u8.ToArray()]);
        Assert.Contains($"corrupt at byte {gz.Length}: 8 byte(s) follow the end of the gzip data, and they are neither zero padding nor another gzip member", e.Message);
    }

    [Fact]
    public void ATwoByteFileIsTruncatedNotEmpty()
    {
        // Python: EOFError. Today: "0 read".
        var e = Rejected([0x1f, 0x8b]);
        Assert.Contains("truncated: the file ends at byte 2, inside the 10-byte gzip header", e.Message);
    }

    [Fact]
    public void AFlippedCrcOrLengthByteSaysTheFileIsCorrupt()
    {
        // Python: BadGzipFile "CRC check failed" / "Incorrect length of data produced". Today: "unsupported compression method".
        var gz = Gzip(Rows(50));
        var crc = (byte[])gz.Clone();
        crc[^8] ^= 0xff;
        Assert.Contains($"corrupt at byte {gz.Length - 8}: CRC check failed", Rejected(crc).Message);
        var length = (byte[])gz.Clone();
        length[^3] ^= 0x01;
        Assert.Contains($"corrupt at byte {gz.Length - 4}: length check failed", Rejected(length).Message);
    }

    [Fact]
    public void DamagedDeflateDataIsCorruptNotAnUnsupportedMethod()
    {
        var gz = Gzip(Rows(50));
        gz[10] = 0xff; // the first block header: type 3 is reserved
        var e = Rejected(gz);
        Assert.Contains("corrupt at byte", e.Message);
        Assert.DoesNotContain("unsupported compression method", e.Message);
    }

    [Fact]
    public void ADataFileWithNoRowsIsAnErrorUnlessAllowed()
    {
        using var empty = new TempFile(".jsonl", "\n  \n"u8.ToArray());
        var e = Assert.Throws<DataFormatException>(() => ReadSft(empty.Path));
        Assert.Equal($"{empty.Path}: holds no data rows (an empty file, or only blank lines); set Data:Options:AllowEmpty=true if an empty dataset is intended", e.Message);
        using var emptyGz = new TempFile(".jsonl.gz", Gzip([]));
        Assert.Throws<DataFormatException>(() => ReadSft(emptyGz.Path));

        var format = Halos.Data.Loading.DataFormats.Find("sft")!;
        var allowed = Halos.Data.Loading.DataReader.ReadAll(format,
            new Halos.Data.Loading.DataReadRequest { Path = empty.Path, Kind = DataKind.Sft, AllowEmpty = true }, out _);
        Assert.Empty(allowed);
    }

    [Fact]
    public void AllRowsSkippedIsAnError()
    {
        using var bad = new TempFile(".jsonl", "{\"prompt\": 1}\n{\"x\": 2}\n"u8.ToArray());
        var e = Assert.Throws<DataFormatException>(() => Read.All("sft", bad.Path, DataKind.Sft, Halos.Data.Loading.BadRowPolicy.Skip));
        Assert.StartsWith($"{bad.Path}: all 2 rows were rejected (Data:OnBadRow=skip), so nothing is left to read; first: {bad.Path}:1:", e.Message);
    }
}
