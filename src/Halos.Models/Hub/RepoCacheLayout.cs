using System.Text.RegularExpressions;

namespace Halos.Models.Hub;

/// <summary>One repo's folder in the huggingface_hub cache layout:
/// <code>
/// models--{org}--{name}/
///   refs/{revision}              the commit hash a branch or tag pointed at when last resolved
///   blobs/{etag}                 file contents, named by sha256 (LFS) or git blob sha1
///   blobs/{etag}.incomplete      a download in progress, resumed with an HTTP Range request
///   snapshots/{commit}/{file}    relative symlinks into blobs/
/// .locks/models--{org}--{name}/{etag}.lock
/// </code>
/// Kept byte-for-byte compatible so huggingface_hub and this library share one cache.</summary>
public sealed partial class RepoCacheLayout
{
    public RepoCacheLayout(string cacheDirectory, RepoId repo)
    {
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        Repo = repo;
        RepoFolder = Path.Combine(CacheDirectory, repo.CacheFolderName);
    }

    public string CacheDirectory { get; }
    public RepoId Repo { get; }
    public string RepoFolder { get; }

    public static bool IsCommitHash(string revision) => CommitHash().IsMatch(revision);

    public string RefPath(string revision) => Path.Combine(RepoFolder, "refs", CheckedRelative(revision, "revision"));
    public string SnapshotFolder(string commit) => Path.Combine(RepoFolder, "snapshots", CheckedCommit(commit));
    public string SnapshotFile(string commit, string file) => Path.Combine(SnapshotFolder(commit), CheckedRelative(file, "file name"));
    public string BlobPath(string etag) => Path.Combine(RepoFolder, "blobs", CheckedEtag(etag));
    public string IncompletePath(string etag) => BlobPath(etag) + ".incomplete";
    public string LockPath(string etag) => Path.Combine(CacheDirectory, ".locks", Repo.CacheFolderName, CheckedEtag(etag) + ".lock");

    /// <summary>The commit a revision resolves to from the cache alone: a commit hash with a
    /// snapshot folder is itself; a branch or tag is what refs/ last recorded.</summary>
    public string? CachedCommit(string revision)
    {
        if (IsCommitHash(revision) && Directory.Exists(SnapshotFolder(revision))) return revision;
        var refPath = RefPath(revision);
        if (!File.Exists(refPath)) return null;
        var commit = File.ReadAllText(refPath).Trim();
        return IsCommitHash(commit) ? commit : throw new HubException(
            $"cache file {refPath} holds '{commit}', expected a 40-character commit hash; delete it to re-resolve", Repo.Value, revision: revision);
    }

    /// <summary>Records which commit a branch or tag pointed at, atomically; a commit hash needs no ref.</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit) return;
        var path = RefPath(revision);
        if (File.Exists(path) && File.ReadAllText(path).Trim() == commit) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, commit);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Points snapshots/{commit}/{file} at blobs/{etag} with a relative symlink, as
    /// huggingface_hub does; copies the blob where the file system refuses symlinks.</summary>
    public string LinkSnapshot(string commit, string file, string etag)
    {
        var link = SnapshotFile(commit, file);
        var blob = BlobPath(etag);
        var linkFolder = Path.GetDirectoryName(link)!;
        Directory.CreateDirectory(linkFolder);
        var target = Path.GetRelativePath(linkFolder, blob);
        var existing = new FileInfo(link);
        if (existing.LinkTarget == target) return link;
        if (existing.Exists || existing.LinkTarget is not null) existing.Delete();
        try
        {
            File.CreateSymbolicLink(link, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, link, overwrite: true);
        }
        return link;
    }

    private string CheckedCommit(string commit) => IsCommitHash(commit) ? commit
        : throw new HubException($"'{commit}' is not a 40-character commit hash (repo {Repo})", Repo.Value, revision: commit);

    private string CheckedEtag(string etag) => EtagShape().IsMatch(etag) ? etag
        : throw new HubException($"the Hub sent ETag '{etag}' for repo {Repo}; expected a hex checksum usable as a blob file name", Repo.Value);

    // Repo file names and revisions (e.g. "refs/pr/1") may hold '/', but must stay inside the repo folder.
    private string CheckedRelative(string path, string what)
    {
        var parts = path.Split('/');
        if (path.Length == 0 || Path.IsPathRooted(path) || path.Contains('\\') || parts.Any(p => p is "" or "." or ".."))
            throw new HubException($"{what} '{path}' for repo {Repo} must be a relative path without '.', '..' or empty segments", Repo.Value);
        return Path.Combine(parts);
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHash();

    [GeneratedRegex("^[0-9A-Za-z_\\-]{8,128}$")]
    private static partial Regex EtagShape();
}
