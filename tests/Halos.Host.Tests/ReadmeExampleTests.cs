using System.Text.RegularExpressions;
using Halos.Host.Cli;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>
/// Every <c>halos</c> line in the README's code blocks is a real command: its verb exists, every flag it uses is one
/// the verb's <c>--help</c> lists, and its <c>--Section:Key=value</c> overrides and <c>--profile</c> pass the
/// configuration check (<c>config show</c> over the repository), and the whole line parses as halos parses it (its
/// arguments, required options and values). Runs that need models and data are covered by their own end-to-end tests;
/// this keeps the documentation from naming what does not exist.
/// </summary>
public sealed class ReadmeExampleTests
{
    public static TheoryData<string> Lines()
    {
        var data = new TheoryData<string>();
        var inBlock = false;
        foreach (var line in File.ReadLines(Path.Combine(RepoLayout.Root, "README.md")))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) { inBlock = !inBlock; continue; }
            if (inBlock && line.StartsWith("halos ", StringComparison.Ordinal)) data.Add(line);
        }
        return data;
    }

    [Fact]
    public void TheReadmeHasExamples() => Assert.True(Lines().Count >= 15, $"only {Lines().Count} halos lines found in the README");

    [Theory]
    [MemberData(nameof(Lines))]
    public void TheExampleNamesAVerbItsFlagsAndValidKeys(string line)
    {
        var words = Regex.Replace(line, @"\s+#.*$", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var parsed = HalosCommandLine.Instance.Parse(words.Where(w => w != "...").ToList());
        Assert.True(parsed.Verb is not null && parsed.Problem is null, $"{line}\ndoes not parse: {parsed.Problem}");
        // halos launch ... -- VERB ...: the launcher's own flags, then the command it starts.
        var parts = words.IndexOf("--") is var dash and >= 0 ? new[] { words[..dash], words[(dash + 1)..] } : [words];
        foreach (var part in parts)
        {
            var (verb, taken) = VerbTable.Match(part, 0);
            Assert.True(verb is not null, $"'{string.Join(' ', part)}' names no verb of halos");
            var help = CliRun.InProcess(Path.GetTempPath(), [.. verb!.Name.Split(' '), "--help"]).Out;
            var overrides = new List<string>();
            for (var i = taken; i < part.Count; i++)
            {
                var word = part[i];
                if (!word.StartsWith("--", StringComparison.Ordinal)) continue;
                var flag = word.Split('=')[0];
                if (flag.Contains(':')) overrides.Add(word.Contains('=') ? word : $"{word}={part[++i]}");
                else if (flag == "--profile") overrides.AddRange([flag, part[++i]]);
                else Assert.True(help.Contains(flag, StringComparison.Ordinal), $"{line}\n{flag} is not in 'halos {verb.Name} --help':\n{help}");
            }
            var check = CliRun.InProcess(RepoLayout.Root, ["config", "show", .. overrides]);
            Assert.True(check.ExitCode == 0, $"{line}\n{check}");
        }
    }
}
