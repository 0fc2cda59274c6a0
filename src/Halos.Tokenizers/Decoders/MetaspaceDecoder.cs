using Halos.Tokenizers.PreTokenizers;

namespace Halos.Tokenizers.Decoders;

/// <summary>'▁' back to ' ', dropping the space the pre-tokenizer prepended to the first token.</summary>
internal sealed class MetaspaceDecoder(char replacement, PrependScheme scheme) : ITokenDecoder
{
    public void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var text = tokens[i].Replace(replacement, ' ');
            if (i == 0 && scheme != PrependScheme.Never && text.StartsWith(' ')) text = text[1..];
            tokens[i] = text;
        }
    }
}
