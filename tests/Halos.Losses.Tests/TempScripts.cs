namespace Halos.Losses.Tests;

/// <summary>Loss scripts written by tests into a temporary folder, as a researcher would drop one into losses/.</summary>
internal static class TempScripts
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("halos-loss-scripts-").FullName;

    public static string Write(string text, string name = "custom")
    {
        var path = Path.Combine(Folder, $"{name}-{Guid.NewGuid():N}.csx");
        File.WriteAllText(path, text);
        return path;
    }
}
