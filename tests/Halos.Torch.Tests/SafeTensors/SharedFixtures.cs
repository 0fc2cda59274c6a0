namespace Halos.Torch.Tests.SafeTensors;

/// <summary>
/// Paths into ../shared beside the repository (the folder holding Halos.Plugins.sln), where the
/// Hugging Face fixtures live. They are not part of a fresh clone, so tests that use them skip
/// when they are absent.
/// </summary>
internal static class SharedFixtures
{
    public static string Root { get; } = FindRepositoryRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string HfTiny(string model, string file) => Path.Combine(Shared, "fixtures", "hf-tiny", model, file);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Halos.Plugins.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }
}
