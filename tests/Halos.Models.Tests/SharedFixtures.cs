namespace Halos.Models.Tests;

/// <summary>Locates ../shared beside the repository (the folder holding Halos.Plugins.sln).</summary>
internal static class SharedFixtures
{
    public static readonly string? HfTiny = Find();

    public const string SkipReason = "needs ../shared/fixtures/hf-tiny (the transformers reference checkpoints) beside the repository";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) continue;
            var path = Path.Combine(dir.FullName, "..", "shared", "fixtures", "hf-tiny");
            return Directory.Exists(path) ? Path.GetFullPath(path) : null;
        }
        return null;
    }

    public static string Folder(string name)
    {
        Skip.If(HfTiny is null, SkipReason);
        return Path.Combine(HfTiny!, name);
    }
}
