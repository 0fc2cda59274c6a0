using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>Rewrites text before pre-tokenization, keeping each char's link to the original.</summary>
internal interface INormalizer
{
    NormalizedText Normalize(NormalizedText input);
}
