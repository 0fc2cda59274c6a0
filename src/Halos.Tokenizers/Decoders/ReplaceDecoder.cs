using System.Text.RegularExpressions;

using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Decoders;

/// <summary>Replaces a pattern with fixed content inside each token (Llama 2: '▁' to ' ').</summary>
internal sealed class ReplaceDecoder(UnicodeRegex pattern, string content) : ITokenDecoder
{
    public void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++) tokens[i] = pattern.Replace(tokens[i], content.Replace("$", "$$"));
    }
}
