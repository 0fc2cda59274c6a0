using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.PreTokenizers;

/// <summary>Where the text being pre-tokenized sits; Metaspace's prepend_scheme "first" needs it.</summary>
internal readonly record struct SectionInfo(bool IsFirst);

/// <summary>Splits (and sometimes rewrites) normalized text into the pieces the model sees.</summary>
internal interface IPreTokenizer
{
    /// <summary>Replaces the contents of <paramref name="pieces"/> with the pre-tokenized pieces.</summary>
    void PreTokenize(List<PreToken> pieces, SectionInfo section);
}
