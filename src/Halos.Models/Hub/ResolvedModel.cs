namespace Halos.Models.Hub;

/// <summary>A model on local disk: <see cref="Directory"/> holds every file in <see cref="Files"/>
/// (repo-relative names, '/'-separated). <see cref="Commit"/> is the Hub commit of the snapshot,
/// or null for a directory the user named directly.</summary>
public sealed record ResolvedModel(string Directory, string? Commit, IReadOnlyList<string> Files)
{
    public string PathOf(string file) => Path.Combine(Directory, Path.Combine(file.Split('/')));
}
