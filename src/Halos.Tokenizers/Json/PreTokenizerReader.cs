using System.Globalization;
using Halos.Tokenizers.PreTokenizers;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Json;

internal static class PreTokenizerReader
{
    public static IPreTokenizer? Read(JsonSection section)
    {
        if (section.IsNull) return null;
        var type = section.TypeName();
        return type switch
        {
            "ByteLevel" => new ByteLevelPreTokenizer(section.Bool("add_prefix_space", true), section.Bool("use_regex", true)),
            "Split" => ReadSplit(section),
            "Metaspace" => new MetaspacePreTokenizer(Replacement(section), ReadPrependScheme(section), section.Bool("split", true)),
            "Whitespace" => new RegexSplitPreTokenizer(OnigurumaPattern.Compile(@"\w+|[^\w\s]+"), SplitBehavior.Removed, invert: true),
            "WhitespaceSplit" => new CharClassSplitPreTokenizer(IsWhitespace, SplitBehavior.Removed),
            "BertPreTokenizer" => new SequencePreTokenizer([
                new CharClassSplitPreTokenizer(IsWhitespace, SplitBehavior.Removed),
                new CharClassSplitPreTokenizer(BertCharacterClasses.IsPunctuation, SplitBehavior.Isolated)]),
            "Digits" => new CharClassSplitPreTokenizer(IsNumeric,
                section.Bool("individual_digits", false) ? SplitBehavior.Isolated : SplitBehavior.Contiguous),
            "Punctuation" => new CharClassSplitPreTokenizer(BertCharacterClasses.IsPunctuation, ReadBehavior(section, SplitBehavior.Isolated)),
            "Sequence" => new SequencePreTokenizer(section.RequiredItems("pretokenizers").Select(p => Read(p) ?? throw p.Error("null pre-tokenizer in sequence")).ToArray()),
            _ => throw section.Unsupported("pre_tokenizer", type),
        };
    }

    private static bool IsWhitespace(int cp) => cp <= 0xFFFF && char.IsWhiteSpace((char)cp);

    private static bool IsNumeric(int cp) => CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static RegexSplitPreTokenizer ReadSplit(JsonSection section) =>
        new(PatternReader.Read(section.Child("pattern")), ReadBehavior(section, null), section.Bool("invert", false));

    private static SplitBehavior ReadBehavior(JsonSection section, SplitBehavior? fallback)
    {
        var name = section.OptionalString("behavior");
        if (name is null) return fallback ?? throw section.Error("missing required string 'behavior'");
        return SplitBehaviorParser.Parse(name)
            ?? throw section.Child("behavior").Error($"unknown split behavior '{name}' (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)");
    }

    public static char Replacement(JsonSection section)
    {
        var text = section.OptionalString("replacement") ?? "\u2581";
        if (text.Length != 1) throw section.Child("replacement").Error($"expected a single char, found \"{text}\"");
        return text[0];
    }

    public static PrependScheme ReadPrependScheme(JsonSection section)
    {
        var scheme = section.OptionalString("prepend_scheme");
        if (scheme is null) return section.Bool("add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never;
        return scheme.ToLowerInvariant() switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            _ => throw section.Child("prepend_scheme").Error($"unknown prepend_scheme '{scheme}' (expected first, always or never)"),
        };
    }
}
