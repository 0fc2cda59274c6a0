namespace Halos.Losses.Tests;

/// <summary>
/// One temporary cache directory for the whole test run (so every built-in compiles once, and
/// the user's ~/.cache is never touched), removed when the process exits.
/// </summary>
internal static class TestCache
{
    public static string Directory { get; } = Create();

    public static LossScriptOptions Options { get; } = new() { CacheDirectory = Directory };

    public static LossScript Load(string name, IReadOnlyDictionary<string, string>? parameters = null) =>
        LossScript.Load(RepoPaths.Loss(name), parameters, Options);

    private static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "halos-losses-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { System.IO.Directory.Delete(dir, recursive: true); } catch (IOException) { }
        };
        return dir;
    }
}
