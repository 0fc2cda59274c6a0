using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>Prepends a fixed string (Llama 2 style "▁") to any non-empty text.</summary>
internal sealed class PrependNormalizer(string prefix) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        if (input.Text.Length == 0 || prefix.Length == 0) return input;
        var builder = new NormalizedTextBuilder(input);
        // The inserted chars belong to the first original char, as in the Rust implementation.
        builder.Append(prefix, input.StartOf(0), input.EndOf(0));
        builder.Copy(input, 0, input.Text.Length);
        return builder.Build();
    }
}
