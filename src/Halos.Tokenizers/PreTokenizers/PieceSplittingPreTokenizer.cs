using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.PreTokenizers;

/// <summary>Base for pre-tokenizers that handle each incoming piece on its own.</summary>
internal abstract class PieceSplittingPreTokenizer : IPreTokenizer
{
    public void PreTokenize(List<PreToken> pieces, SectionInfo section)
    {
        var output = new List<PreToken>(pieces.Count * 4);
        foreach (var piece in pieces)
        {
            // A piece the ByteLevel step already claimed must be split on its byte-level text.
            var source = piece.ByteLevel ? ByteLevelPreTokenizer.Materialize(piece) : piece;
            Split(source, output, section);
        }
        pieces.Clear();
        pieces.AddRange(output);
    }

    protected abstract void Split(in PreToken piece, List<PreToken> output, SectionInfo section);
}
