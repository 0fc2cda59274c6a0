using System.Buffers.Binary;

namespace Halos.Metrics.TensorBoard;

/// <summary>
/// TFRecord framing, the container of TensorBoard event files: each record is
/// uint64 length, uint32 masked CRC-32C of the length bytes, the data, uint32 masked CRC-32C of the data,
/// all little-endian.
/// </summary>
public sealed class TfRecordWriter(Stream stream) : IDisposable
{
    public void Write(ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Mask(Crc32C.Compute(header[..8])));
        stream.Write(header);
        stream.Write(data);
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Mask(Crc32C.Compute(data)));
        stream.Write(footer);
    }

    public void Flush() => stream.Flush();

    public void Dispose() => stream.Dispose();
}
