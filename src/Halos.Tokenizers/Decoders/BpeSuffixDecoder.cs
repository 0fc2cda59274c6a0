namespace Halos.Tokenizers.Decoders;

/// <summary>HF "BPEDecoder": the end-of-word suffix (e.g. "&lt;/w&gt;") becomes a space.</summary>
internal sealed class BpeSuffixDecoder(string suffix) : ITokenDecoder
{
    public void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
            tokens[i] = tokens[i].Replace(suffix, i == tokens.Count - 1 ? "" : " ");
    }
}
