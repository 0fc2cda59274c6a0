namespace Halos.Tokenizers.Text;

/// <summary>
/// GPT-2's reversible map from the 256 byte values to printable chars, so that byte-level BPE
/// vocabularies can be stored as JSON strings. Printable Latin-1 bytes map to themselves; the
/// others are shifted to U+0100 onwards in byte order.
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly short[] CharToByteTable = BuildCharToByte();

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var shifted = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)(256 + shifted++);
        }
        return map;
    }

    private static short[] BuildCharToByte()
    {
        var table = new short[512];
        Array.Fill(table, (short)-1);
        for (var b = 0; b < 256; b++) table[ByteToChar[b]] = (short)b;
        return table;
    }

    /// <summary>The byte a char of the alphabet stands for, or -1 for chars outside it.</summary>
    public static int CharToByte(char c) => c < 512 ? CharToByteTable[c] : -1;
}
