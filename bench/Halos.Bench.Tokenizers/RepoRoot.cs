namespace Halos.Bench.Tokenizers;

internal static class RepoRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run the bench inside the repository (no Halos.Plugins.sln found above the current folder)");
    }
}
