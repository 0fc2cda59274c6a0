namespace Halos.Tokenizers.Decoders;

internal sealed class SequenceDecoder(IReadOnlyList<ITokenDecoder> steps) : ITokenDecoder
{
    public void Decode(List<string> tokens)
    {
        foreach (var step in steps) step.Decode(tokens);
    }
}
