using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.PreTokenizers;

internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    public void PreTokenize(List<PreToken> pieces, SectionInfo section)
    {
        foreach (var step in steps) step.PreTokenize(pieces, section);
    }
}
