using System.Text;
using System.Text.RegularExpressions;

namespace Halos.Models.Hub;

/// <summary>A file request that is a glob (<c>*</c>, <c>?</c>) rather than a name, matched against a
/// repo's file list with fnmatch rules, as huggingface_hub's allow_patterns are: <c>*</c> also
/// crosses '/' so <c>*.json</c> matches nested files too.</summary>
public static class RepoFilePattern
{
    public static bool IsPattern(string request) => request.IndexOfAny(['*', '?']) >= 0;

    public static bool Matches(string pattern, string file) => ToRegex(pattern).IsMatch(file);

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
            regex.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
