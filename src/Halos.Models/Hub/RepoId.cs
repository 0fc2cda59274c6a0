using System.Text.RegularExpressions;

namespace Halos.Models.Hub;

/// <summary>A Hub model id: <c>name</c> or <c>org/name</c>, validated with the Hub's own rules so a
/// typo fails here, with the id in the message, instead of as a confusing 404.</summary>
public sealed partial record RepoId
{
    private RepoId(string value) => Value = value;

    public string Value { get; }

    /// <summary>The cache folder name huggingface_hub uses, e.g. <c>models--Qwen--Qwen2.5-0.5B</c>.</summary>
    public string CacheFolderName => "models--" + Value.Replace("/", "--");

    public override string ToString() => Value;

    public static bool IsValid(string id) => TryParse(id, out _, out _);

    public static RepoId Parse(string id) =>
        TryParse(id, out var repo, out var why) ? repo! : throw new HubException($"'{id}' is not a valid Hub model id: {why}", repo: id);

    private static bool TryParse(string id, out RepoId? repo, out string why)
    {
        repo = null;
        why = "";
        if (string.IsNullOrWhiteSpace(id)) { why = "it is empty"; return false; }
        if (id.Length > 96) { why = "it is longer than 96 characters"; return false; }
        if (!IdShape().IsMatch(id)) { why = "expected 'name' or 'org/name' using letters, digits, '-', '_' and '.'"; return false; }
        if (id.Contains("--") || id.Contains("..")) { why = "'--' and '..' are not allowed"; return false; }
        foreach (var part in id.Split('/'))
            if (part[0] is '-' or '.' || part[^1] is '-' or '.') { why = "a part may not start or end with '-' or '.'"; return false; }
        repo = new RepoId(id);
        return true;
    }

    [GeneratedRegex(@"^([A-Za-z0-9_.\-]+/)?[A-Za-z0-9_.\-]+$")]
    private static partial Regex IdShape();
}
