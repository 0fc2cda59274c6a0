using Halos.Tokenizers.Decoders;

namespace Halos.Tokenizers.Json;

internal static class DecoderReader
{
    public static ITokenDecoder? Read(JsonSection section)
    {
        if (section.IsNull) return null;
        var type = section.TypeName();
        return type switch
        {
            "ByteLevel" => new ByteLevelDecoder(),
            "Metaspace" => new MetaspaceDecoder(PreTokenizerReader.Replacement(section), PreTokenizerReader.ReadPrependScheme(section)),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder(SingleChar(section, "content"), section.Int("start", 0, min: 0), section.Int("stop", 0, min: 0)),
            "Replace" => new ReplaceDecoder(PatternReader.Read(section.Child("pattern")), section.OptionalString("content") ?? ""),
            "WordPiece" => new WordPieceDecoder(section.OptionalString("prefix") ?? "##", section.Bool("cleanup", true)),
            "BPEDecoder" => new BpeSuffixDecoder(section.OptionalString("suffix") ?? "</w>"),
            "Sequence" => new SequenceDecoder(section.RequiredItems("decoders").Select(d => Read(d) ?? throw d.Error("null decoder in sequence")).ToArray()),
            _ => throw section.Unsupported("decoder", type),
        };
    }

    private static char SingleChar(JsonSection section, string name)
    {
        var text = section.RequiredString(name);
        if (text.Length != 1) throw section.Child(name).Error($"expected a single char, found \"{text}\"");
        return text[0];
    }
}
