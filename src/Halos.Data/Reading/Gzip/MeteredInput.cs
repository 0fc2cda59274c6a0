namespace Halos.Data.Reading.Gzip;

/// <summary>
/// Feeds a deflate decoder from a byte array so that the end of its compressed stream can be located exactly.
/// zlib reads ahead of the data it needs and does not say how much of the last read it left unused, so bytes are
/// served in large chunks up to <see cref="FineFrom"/> and one at a time after it: once the decoder stops, every
/// byte served one at a time was consumed, and <see cref="Position"/> is where the stream ended.
/// </summary>
internal sealed class MeteredInput(byte[] data, int start, int fineFrom) : Stream
{
    private const int ChunkSize = 64 * 1024;

    public int FineFrom { get; } = fineFrom;

    /// <summary>Bytes served so far, as an offset into the file.</summary>
    public override long Position { get => Served; set => throw new NotSupportedException(); }

    public int Served { get; private set; } = start;

    /// <summary>Where the last read began; when it was a chunk, the stream's end lies somewhere inside it.</summary>
    public int LastReadStart { get; private set; } = start;

    public bool LastReadWasChunk { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Served >= data.Length || buffer.IsEmpty) return 0;
        LastReadWasChunk = Served < FineFrom;
        var n = LastReadWasChunk ? Math.Min(Math.Min(buffer.Length, ChunkSize), FineFrom - Served) : 1;
        data.AsSpan(Served, n).CopyTo(buffer);
        LastReadStart = Served;
        Served += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
