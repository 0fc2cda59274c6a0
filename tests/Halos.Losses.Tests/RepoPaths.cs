namespace Halos.Losses.Tests;

/// <summary>Where the repository's built-in losses are: the folder holding Halos.Plugins.sln, then losses/.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Losses => Path.Combine(Root, "losses");

    public static string Loss(string name) => Path.Combine(Losses, name + ".csx");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }
}
