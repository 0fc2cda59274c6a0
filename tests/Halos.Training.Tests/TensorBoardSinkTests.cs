using System.Buffers.Binary;
using System.Text;
using Halos.Abstractions.Metrics;
using Halos.Metrics.TensorBoard;

namespace Halos.Training.Tests;

public sealed class TensorBoardSinkTests
{
    [Theory]
    // RFC 3720 (iSCSI) appendix B.4 test vectors, and the classic check value of "123456789".
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("zeros32", 0x8A9136AAu)]
    [InlineData("ones32", 0x62A8AB43u)]
    [InlineData("ascending32", 0x46DD794Eu)]
    [InlineData("descending32", 0x113FDB5Cu)]
    public void Crc32C_MatchesTheStandardVectors(string input, uint expected)
    {
        var data = input switch
        {
            "zeros32" => new byte[32],
            "ones32" => Enumerable.Repeat((byte)0xFF, 32).ToArray(),
            "ascending32" => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
            "descending32" => Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(),
            _ => Encoding.ASCII.GetBytes(input),
        };
        Assert.Equal(expected, Crc32C.Compute(data));
    }

    [Fact]
    public void Mask_IsTensorFlowsRotateAndAdd_AndUnmaskInvertsIt()
    {
        // masked = ((crc >> 15) | (crc << 17)) + 0xa282ead8, worked by hand for crc = 1: 1 << 17 = 0x20000.
        Assert.Equal(0x20000u + 0xA282EAD8u, Crc32C.Mask(1));
        foreach (var crc in new[] { 0u, 1u, 0xE3069283u, uint.MaxValue }) Assert.Equal(crc, Crc32C.Unmask(Crc32C.Mask(crc)));
    }

    [Fact]
    public void EventFile_ReadsBackAsTfRecordsOfEventAndSummaryProtos()
    {
        var folder = Directory.CreateTempSubdirectory("halos-tb-").FullName;
        try
        {
            var opened = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);
            string path;
            using (var sink = new TensorBoardMetricSink(folder, opened))
            {
                path = sink.Path;
                sink.Log(new MetricRecord(10, "train", new Dictionary<string, double> { ["loss"] = 0.6931, ["rewards/accuracies"] = 0.75 }, opened.AddSeconds(3)));
                sink.Log(new MetricRecord(20, "eval", new Dictionary<string, double> { ["loss"] = 0.5 }, opened.AddSeconds(7)));
            }
            Assert.StartsWith("events.out.tfevents.1700000000.", Path.GetFileName(path));

            var records = ReadRecords(File.ReadAllBytes(path));
            Assert.Equal(3, records.Count);

            var version = Decode(records[0]);
            Assert.Equal(1_700_000_000.25, BitConverter.Int64BitsToDouble((long)version[1].Single().Fixed));
            Assert.Equal("brain.Event:2", Encoding.UTF8.GetString(version[3].Single().Bytes!));
            Assert.False(version.ContainsKey(5));

            var train = Decode(records[1]);
            Assert.Equal(1_700_000_003.25, BitConverter.Int64BitsToDouble((long)train[1].Single().Fixed));
            Assert.Equal(10UL, train[2].Single().Varint);
            var values = Decode(train[5].Single().Bytes!)[1].Select(v => Decode(v.Bytes!)).ToList();
            Assert.Equal(["train/loss", "train/rewards/accuracies"], values.Select(v => Encoding.UTF8.GetString(v[1].Single().Bytes!)));
            Assert.Equal([0.6931f, 0.75f], values.Select(v => BitConverter.Int32BitsToSingle((int)v[2].Single().Fixed)));

            var eval = Decode(records[2]);
            Assert.Equal(20UL, eval[2].Single().Varint);
            var evalValue = Decode(Decode(eval[5].Single().Bytes!)[1].Single().Bytes!);
            Assert.Equal("eval/loss", Encoding.UTF8.GetString(evalValue[1].Single().Bytes!));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ACorruptedByte_FailsTheDataCrc()
    {
        var stream = new MemoryStream();
        using (var writer = new TfRecordWriter(stream)) writer.Write(TensorBoardEvents.VersionEvent(1.0));
        var bytes = stream.ToArray();
        Assert.Single(ReadRecords(bytes));
        bytes[14] ^= 0x01;
        Assert.Throws<InvalidDataException>(() => ReadRecords(bytes));
    }

    /// <summary>Reads TFRecords: uint64 length, masked CRC32C(length), data, masked CRC32C(data); every CRC checked.</summary>
    private static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        var at = 0;
        while (at < file.Length)
        {
            var lengthBytes = file.AsSpan(at, 8);
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8, 4))) != Crc32C.Compute(lengthBytes))
                throw new InvalidDataException($"length CRC mismatch at byte {at}");
            var data = file.AsSpan(at + 12, length).ToArray();
            if (Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12 + length, 4))) != Crc32C.Compute(data))
                throw new InvalidDataException($"data CRC mismatch at byte {at}");
            records.Add(data);
            at += 12 + length + 4;
        }
        return records;
    }

    private sealed record Field(ulong Varint, ulong Fixed, byte[]? Bytes);

    /// <summary>A minimal protobuf decoder, written independently of the sink's encoder: fields by number.</summary>
    private static Dictionary<int, List<Field>> Decode(byte[] message)
    {
        var fields = new Dictionary<int, List<Field>>();
        var at = 0;
        ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = message[at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }
        while (at < message.Length)
        {
            var key = Varint();
            var number = (int)(key >> 3);
            Field field = (key & 7) switch
            {
                0 => new Field(Varint(), 0, null),
                1 => new Field(0, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan((at += 8) - 8, 8)), null),
                5 => new Field(0, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan((at += 4) - 4, 4)), null),
                2 => ReadBytes(),
                var w => throw new InvalidDataException($"unexpected wire type {w}"),
            };
            if (!fields.TryGetValue(number, out var list)) fields[number] = list = [];
            list.Add(field);
        }
        return fields;

        Field ReadBytes()
        {
            var n = (int)Varint();
            var bytes = message.AsSpan(at, n).ToArray();
            at += n;
            return new Field(0, 0, bytes);
        }
    }
}
