namespace Halos.Tokenizers.Decoders;

/// <summary>
/// transformers' clean_up_tokenization: removes the space WordPiece-era tokenizers leave before
/// punctuation and English contractions ("do n't" to "don't").
/// </summary>
internal static class TokenizationSpaces
{
    public static string CleanUp(string text) => text
        .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",")
        .Replace(" ' ", "'").Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s")
        .Replace(" 've", "'ve").Replace(" 're", "'re");
}
