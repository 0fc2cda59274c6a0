using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Tests;

/// <summary>The regex translation gives code-point semantics on astral chars, as Oniguruma does.</summary>
public class OnigurumaPatternTests
{
    private static string[] Matches(string pattern, string text) =>
        OnigurumaPattern.Compile(pattern).Matches(text).Select(m => m.Value).ToArray();

    [Fact]
    public void AstralLettersAreLetters()
    {
        // U+20000 (CJK ext. B) and U+1D400 (math bold A) are letters; .NET's own \p{L} sees two surrogates.
        Assert.Equal(["𠀀𠀁𝐀"], Matches(@"\p{L}+", "𠀀𠀁𝐀"));
        Assert.Empty(System.Text.RegularExpressions.Regex.Matches("𠀀", @"\p{L}+"));
    }

    [Fact]
    public void AstralDigitsCountAsOneCodePointEach()
    {
        // Llama 3 groups digits by three: four math digits make a group of three and one of one.
        Assert.Equal(["𝟎𝟏𝟐", "𝟑"], Matches(@"\p{N}{1,3}", "𝟎𝟏𝟐𝟑"));
    }

    [Fact]
    public void NegatedClassesTakeWholeEmojiButNotAstralLetters()
    {
        Assert.Equal(["😀😃", "!"], Matches(@"[^\s\p{L}\p{N}]+", "😀😃𝐀!"));
    }

    [Fact]
    public void DotTakesWholeSurrogatePairs()
    {
        Assert.Equal(["😀", "a"], Matches(".", "😀a"));
    }

    [Fact]
    public void CaseInsensitiveContractionsFoldAsciiOnly()
    {
        Assert.Equal(["'S", "'s", "'LL"], Matches(@"(?i:'s|'ll)", "'S 's 'LL 'ſ"));
    }

    [Fact]
    public void WhitespaceLookaheadLeavesTheLastSpaceForTheNextWord()
    {
        Assert.Equal(["a", "  ", " b"], Matches(Halos.Tokenizers.PreTokenizers.ByteLevelPreTokenizer.Gpt2Pattern, "a   b"));
    }

    [Fact]
    public void UnsupportedConstructsAreRejectedWithThePattern()
    {
        var error = Assert.Throws<ArgumentException>(() => OnigurumaPattern.Compile(@"a++"));
        Assert.Contains("possessive quantifier at index 2", error.Message);
    }
}
