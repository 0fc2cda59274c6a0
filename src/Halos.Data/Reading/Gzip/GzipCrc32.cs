namespace Halos.Data.Reading.Gzip;

/// <summary>
/// The CRC-32 a gzip trailer carries (ISO-HDLC, reflected polynomial 0xEDB88320). It is computed here because the
/// raw deflate decoder that locates the stream's end does not check the trailer, and the BCL exposes no CRC-32.
/// </summary>
internal struct GzipCrc32
{
    private static readonly uint[] Table = BuildTable();

    private uint _state;

    public GzipCrc32() => _state = ~0u;

    public readonly uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _state;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        _state = crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
