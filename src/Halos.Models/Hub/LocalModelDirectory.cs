namespace Halos.Models.Hub;

/// <summary>A model directory the user named: used as is, nothing copied or downloaded.</summary>
internal sealed class LocalModelDirectory(string directory) : ModelSource
{
    public override string Directory { get; } = Path.GetFullPath(directory);

    public override string Describe => $"local directory {Directory}";

    public override Task<string?> GetAsync(string file, bool required, CancellationToken cancel)
    {
        var path = Path.Combine(Directory, Path.Combine(file.Split('/')));
        if (File.Exists(path)) return Task.FromResult<string?>(path);
        if (!required) return Task.FromResult<string?>(null);
        throw new HubFileNotFoundException($"model directory {Directory} has no '{file}'", HubMissing.File, Directory, file, "local");
    }

    public override Task<IReadOnlyList<string>> ListAsync(CancellationToken cancel) =>
        Task.FromResult(ListFiles(Directory));

    public static IReadOnlyList<string> ListFiles(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
