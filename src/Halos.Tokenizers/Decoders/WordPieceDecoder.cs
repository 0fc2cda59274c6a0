namespace Halos.Tokenizers.Decoders;

/// <summary>Joins WordPiece tokens: "##" pieces glue to the previous one, others get a space.</summary>
internal sealed class WordPieceDecoder(string prefix, bool cleanup) : ITokenDecoder
{
    public void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i > 0)
                token = token.StartsWith(prefix, StringComparison.Ordinal) ? token[prefix.Length..] : " " + token;
            if (cleanup) token = TokenizationSpaces.CleanUp(token);
            tokens[i] = token;
        }
    }
}
