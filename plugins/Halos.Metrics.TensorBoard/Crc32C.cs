using System.Numerics;

namespace Halos.Metrics.TensorBoard;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of TFRecord framing, and the masking TensorFlow applies to stored CRCs.
/// <see cref="BitOperations.Crc32C(uint, byte)"/> is the bare update step (SSE4.2 / ARMv8 instruction where
/// available); the standard CRC adds the initial and final inversion.
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8) crc = BitOperations.Crc32C(crc, BitConverter.ToUInt64(data.Slice(i, 8)));
        for (; i < data.Length; i++) crc = BitOperations.Crc32C(crc, data[i]);
        return ~crc;
    }

    /// <summary>TensorFlow's masked CRC: rotate right by 15 and add a constant, so a CRC stored inside CRC'd data stays well mixed.</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);

    public static uint Unmask(uint masked)
    {
        var rotated = unchecked(masked - 0xA282EAD8u);
        return (rotated >> 17) | (rotated << 15);
    }
}
