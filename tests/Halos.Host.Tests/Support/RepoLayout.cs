namespace Halos.Host.Tests.Support;

/// <summary>Where things are: the repository root (the folder with Halos.Plugins.sln) and the built host.</summary>
public static class RepoLayout
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string Root { get; } = FindRoot();

    /// <summary>The host's own output folder: halos.dll with the built-in plugins under plugins/.</summary>
    public static string HostOutput => Path.Combine(Root, "src", "Halos.Host", "bin", Configuration, "net10.0");

    public static string HostDll => Path.Combine(HostOutput, "halos.dll");


    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }
}
