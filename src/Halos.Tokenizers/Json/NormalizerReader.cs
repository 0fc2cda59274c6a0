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
            "Sequence" => new SequenceNormalizer(section.RequiredItems("normalizers").Select(n => Read(n) ?? throw n.Error("null normalizer in sequence")).ToArray()),
            _ => throw section.Unsupported("normalizer", type),
        };
    }
}
