using System.Text;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Decoders;

/// <summary>
/// Maps byte-alphabet chars back to bytes and decodes them as UTF-8 (invalid sequences become
/// U+FFFD). A token with chars outside the alphabet (an added token like "&lt;|im_start|&gt; x")
/// contributes its own UTF-8 bytes.
/// </summary>
internal sealed class ByteLevelDecoder : ITokenDecoder
{
    public void Decode(List<string> tokens)
    {
        var bytes = new List<byte>(tokens.Count * 4);
        Span<byte> raw = stackalloc byte[4];
        foreach (var token in tokens)
        {
            var inAlphabet = true;
            foreach (var c in token)
                if (ByteLevelAlphabet.CharToByte(c) < 0) { inAlphabet = false; break; }
            if (inAlphabet)
                foreach (var c in token) bytes.Add((byte)ByteLevelAlphabet.CharToByte(c));
            else bytes.AddRange(Encoding.UTF8.GetBytes(token));
        }
        tokens.Clear();
        tokens.Add(Encoding.UTF8.GetString(bytes.ToArray()));
    }
}
