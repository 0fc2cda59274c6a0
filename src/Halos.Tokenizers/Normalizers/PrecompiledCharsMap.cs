using System.Buffers.Binary;
using System.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>
/// SentencePiece's precompiled normalization rules (the <c>precompiled_charsmap</c> of a
/// Precompiled normalizer): a little-endian u32 byte size, a darts-clone double-array trie over
/// UTF-8 keys of that size, then a blob of NUL-terminated replacement strings that the trie's
/// values index into.
/// </summary>
internal sealed class PrecompiledCharsMap
{
    private readonly uint[] _units;
    private readonly byte[] _replacements;

    public PrecompiledCharsMap(byte[] blob, Func<string, Exception> error)
    {
        if (blob.Length < 4) throw error($"the charsmap has {blob.Length} bytes; expected at least the 4-byte trie size");
        var trieBytes = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieBytes % 4 != 0 || trieBytes > blob.Length - 4)
            throw error($"the charsmap's trie size {trieBytes} is not a multiple of 4 within its {blob.Length - 4} bytes");
        _units = new uint[trieBytes / 4];
        for (var i = 0; i < _units.Length; i++) _units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + 4 * i));
        _replacements = blob[(4 + (int)trieBytes)..];
        if (_units.Length == 0) throw error("the charsmap's trie is empty");
    }

    /// <summary>
    /// The replacement of the shortest rule whose key is a prefix of <paramref name="key"/> (the Rust
    /// tokenizers take the first match of the common-prefix search), or null when none is.
    /// </summary>
    public string? Replacement(ReadOnlySpan<byte> key)
    {
        long position = 0;
        var unit = _units[0];
        position ^= Offset(unit);
        foreach (var b in key)
        {
            if (b == 0) break;
            position ^= b;
            if (position >= _units.Length) return null;
            unit = _units[position];
            if ((unit & ((1u << 31) | 0xFF)) != b) return null;
            position ^= Offset(unit);
            if (((unit >> 8) & 1) == 1 && position < _units.Length)
                return ReplacementAt((int)(_units[position] & ((1u << 31) - 1)));
        }
        return null;
    }

    private static long Offset(uint unit) => (long)(unit >> 10) << (int)((unit & (1u << 9)) >> 6);

    private string? ReplacementAt(int index)
    {
        if (index >= _replacements.Length) return null;
        var end = Array.IndexOf(_replacements, (byte)0, index);
        return Encoding.UTF8.GetString(_replacements, index, (end < 0 ? _replacements.Length : end) - index);
    }
}
