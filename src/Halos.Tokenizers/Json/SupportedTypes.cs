namespace Halos.Tokenizers.Json;

/// <summary>The component types each factory understands, listed in "unsupported type" errors.</summary>
internal static class SupportedTypes
{
    public const string Models = "BPE, WordPiece, Unigram";
    public const string Normalizers = "NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Sequence, BertNormalizer, Strip, StripAccents, Precompiled";
    public const string PreTokenizers = "ByteLevel, Split, Metaspace, Whitespace, WhitespaceSplit, BertPreTokenizer, Digits, Punctuation, Sequence";
    public const string PostProcessors = "TemplateProcessing, ByteLevel, RobertaProcessing, BertProcessing, Sequence";
    public const string Decoders = "ByteLevel, Metaspace, ByteFallback, Fuse, Strip, Replace, WordPiece, BPEDecoder, Sequence";

    public static string For(string kind) => kind switch
    {
        "model" => Models,
        "normalizer" => Normalizers,
        "pre_tokenizer" => PreTokenizers,
        "post_processor" => PostProcessors,
        "decoder" => Decoders,
        _ => "",
    };
}
