using System.Diagnostics;
using System.Text.Json;

namespace Halos.Tokenizers.Tests;

/// <summary>Runs reference/encode.mjs (@huggingface/tokenizers on node) and returns its ids per text.</summary>
internal static class ReferenceTokenizer
{
    public static string[] ForFolder(string folder) =>
        ["--tokenizer", Path.Combine(folder, "tokenizer.json"), "--config", Path.Combine(folder, "tokenizer_config.json")];

    public static string[] ForGpt2() => ["--gpt2", RepoLayout.Gpt2Encoder, RepoLayout.Gpt2Merges];

    public static List<int[]> Encode(string[] tokenizerArgs, IReadOnlyList<string> texts, bool addSpecialTokens = true)
    {
        var node = FindNode();
        var dir = Directory.CreateTempSubdirectory("halos-tok-ref-");
        try
        {
            var input = Path.Combine(dir.FullName, "texts.jsonl");
            var output = Path.Combine(dir.FullName, "ids.jsonl");
            File.WriteAllLines(input, texts.Select(t => JsonSerializer.Serialize(t)));
            var psi = new ProcessStartInfo(node) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { RepoLayout.ReferenceScript, "--modules", RepoLayout.FixtureModules }) psi.ArgumentList.Add(a);
            foreach (var a in tokenizerArgs) psi.ArgumentList.Add(a);
            foreach (var a in new[] { "--input", input, "--output", output }) psi.ArgumentList.Add(a);
            if (!addSpecialTokens) psi.ArgumentList.Add("--no-special");
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"reference tokenizer failed (exit {process.ExitCode}): {stderr.Result}");
            var result = File.ReadAllLines(output).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<int[]>(l)!).ToList();
            Assert.Equal(texts.Count, result.Count);
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Fails listing the first differing lines when <paramref name="tokenizer"/> does not reproduce <paramref name="expected"/>.</summary>
    public static void AssertSameIds(Tokenizer tokenizer, IReadOnlyList<int[]> expected, IReadOnlyList<string> texts, string label)
    {
        var mismatches = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            var actual = tokenizer.EncodeToIds(texts[i]);
            if (!expected[i].SequenceEqual(actual))
                mismatches.Add($"line {i}: {JsonSerializer.Serialize(texts[i])}\n  reference [{string.Join(",", expected[i])}]\n  ours      [{string.Join(",", actual)}]");
        }
        Assert.True(mismatches.Count == 0, $"{label}: {mismatches.Count} of {texts.Count} lines differ; first ones:\n{string.Join("\n", mismatches.Take(5))}");
    }

    private static string FindNode()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("node is not on PATH; the parity tests run @huggingface/tokenizers on node as the reference (install nodejs, then run scripts/fixtures.sh)");
    }
}
