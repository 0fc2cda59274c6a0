using System.Text;
using Halos.Tokenizers.Normalizers;

namespace Halos.Tokenizers.Json;

internal static class NormalizerReader
{
    public static INormalizer? Read(JsonSection section)
    {
        if (section.IsNull) return null;
        var type = section.TypeName();
        return type switch
        {
            "NFC" => new UnicodeFormNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeFormNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeFormNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeFormNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "StripAccents" => new StripAccentsNormalizer(),
            "Prepend" => new PrependNormalizer(section.RequiredString("prepend")),
            "Replace" => new ReplaceNormalizer(PatternReader.Read(section.Child("pattern")), section.OptionalString("content") ?? ""),
            "Strip" => new StripNormalizer(section.Bool("strip_left", true), section.Bool("strip_right", true)),
            "BertNormalizer" => new BertNormalizer(
                section.Bool("clean_text", true), section.Bool("handle_chinese_chars", true),
                section.OptionalBool("strip_accents"), section.Bool("lowercase", true)),
            "Precompiled" => ReadPrecompiled(section),
            "Sequence" => new SequenceNormalizer(section.RequiredItems("normalizers").Select(n => Read(n) ?? throw n.Error("null normalizer in sequence")).ToArray()),
            _ => throw section.Unsupported("normalizer", type),
        };
    }

    /// <summary>precompiled_charsmap is base64; a file may carry null or "" there, which normalizes nothing.</summary>
    private static INormalizer ReadPrecompiled(JsonSection section)
    {
        var encoded = section.OptionalString("precompiled_charsmap");
        if (string.IsNullOrEmpty(encoded)) return new SequenceNormalizer([]);
        var key = section.Child("precompiled_charsmap");
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw key.Error("expected base64 text");
        }
        return new PrecompiledNormalizer(new PrecompiledCharsMap(blob, message => key.Error(message)));
    }
}
