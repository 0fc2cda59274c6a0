using System.Text.RegularExpressions;

namespace Halos.Tokenizers.Text;

/// <summary>
/// A regex with Oniguruma's code-point semantics. Surrogate-aware matching costs about 4x in
/// .NET, and almost all text has no astral chars, so each call checks for surrogates (a
/// vectorized scan) and only then uses the surrogate-aware variant.
/// </summary>
internal sealed class UnicodeRegex(Regex bmpOnly, Regex surrogateAware)
{
    public Regex For(ReadOnlySpan<char> text) => text.ContainsAnyInRange('\uD800', '\uDFFF') ? surrogateAware : bmpOnly;

    public Regex.ValueMatchEnumerator EnumerateMatches(ReadOnlySpan<char> text) => For(text).EnumerateMatches(text);

    public string Replace(string input, string replacement) => For(input).Replace(input, replacement);

    public MatchCollection Matches(string input) => For(input).Matches(input);

    public override string ToString() => surrogateAware.ToString();
}
