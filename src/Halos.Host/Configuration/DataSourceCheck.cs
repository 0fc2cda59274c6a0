namespace Halos.Host.Configuration;

/// <summary>
/// Checks, before a run creates anything, that <c>Data:Train</c> and <c>Data:Eval</c> name something that exists, so a
/// typo in a path is a configuration error (exit 2) with the closest file beside it, not a failure after the run
/// has set up its output folder and ranks. A location with a scheme (<c>hf://...</c>) is the loader's business.
/// </summary>
public static class DataSourceCheck
{
    public static ConfigurationError? Check(string key, string? location, string rootFolder, string? source)
    {
        if (string.IsNullOrWhiteSpace(location) || location.Contains("://", StringComparison.Ordinal)) return null;
        var path = Path.GetFullPath(location, rootFolder);
        if (File.Exists(path) || Directory.Exists(path)) return null;
        // "data/feedback.json#test" names a file and its split.
        var hash = location.LastIndexOf('#');
        if (hash > 0 && File.Exists(Path.GetFullPath(location[..hash], rootFolder))) return null;

        var folder = Path.GetDirectoryName(path)!;
        var siblings = Directory.Exists(folder)
            ? Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>().ToList()
            : [];
        var hint = Directory.Exists(folder)
            ? ClosestName.Suffix(Path.GetFileName(path), siblings)
            : $"; the folder {folder} does not exist either";
        return new ConfigurationError(key, $"no file or folder '{location}' ({path}){hint}", source);
    }
}
