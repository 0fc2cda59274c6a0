using System.Text;
using Halos.Tokenizers.Normalizers;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Tests;

/// <summary>Unicode forms (our own tables, since InvariantGlobalization disables string.Normalize) and alignment.</summary>
public class NormalizerTests
{
    [Theory]
    [InlineData("e\u0301", "FormC", "\u00E9")]
    [InlineData("\u00E9", "FormD", "e\u0301")]
    [InlineData("\uFB01", "FormKC", "fi")]
    [InlineData("\u2460", "FormKD", "1")]
    [InlineData("\u1100\u1161\u11A8", "FormC", "\uAC01")]
    [InlineData("\uAC01", "FormD", "\u1100\u1161\u11A8")]
    [InlineData("a\u0323\u0302", "FormC", "\u1EAD")]
    [InlineData("a\u0302\u0323", "FormC", "\u1EAD")]
    [InlineData("\u212B", "FormC", "\u00C5")]
    public void FormsMatchTheUnicodeStandard(string input, string form, string expected)
    {
        Assert.Equal(expected, UnicodeNormalization.Normalize(input, Enum.Parse<NormalizationForm>(form)));
    }

    [Fact]
    public void NfcKeepsOffsetsOfUntouchedCharsAndMapsComposedOnesToTheirSource()
    {
        var normalized = new UnicodeFormNormalizer(NormalizationForm.FormC).Normalize(new NormalizedText("xe\u0301y", 10));
        Assert.Equal("x\u00E9y", normalized.Text);
        Assert.Equal((10, 11), normalized.ToOriginal(0, 1));
        Assert.Equal((11, 13), normalized.ToOriginal(1, 2));
        Assert.Equal((13, 14), normalized.ToOriginal(2, 3));
    }

    [Fact]
    public void BertNormalizerCleansSpacesChineseAndAccents()
    {
        var bert = new BertNormalizer(cleanText: true, handleChineseChars: true, stripAccents: null, lowercase: true);
        Assert.Equal("ab 你 cafe x", bert.Normalize(new NormalizedText("Ab\u0001你Café\tx", 0)).Text);
    }

    [Fact]
    public void StripAndReplaceKeepAlignment()
    {
        var stripped = new StripNormalizer(left: true, right: true).Normalize(new NormalizedText("  ab ", 0));
        Assert.Equal("ab", stripped.Text);
        Assert.Equal((2, 4), stripped.ToOriginal(0, 2));
    }
}
