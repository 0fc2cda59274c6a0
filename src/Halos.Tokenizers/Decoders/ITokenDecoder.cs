namespace Halos.Tokenizers.Decoders;

/// <summary>One step of turning token strings back into text; steps chain on the token list.</summary>
internal interface ITokenDecoder
{
    void Decode(List<string> tokens);
}
