using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

internal sealed class SequenceNormalizer(IReadOnlyList<INormalizer> steps) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        foreach (var step in steps) input = step.Normalize(input);
        return input;
    }
}
