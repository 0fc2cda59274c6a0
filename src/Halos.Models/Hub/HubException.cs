namespace Halos.Models.Hub;

/// <summary>A model repository, file or revision could not be resolved. The message names the
/// repo, file and revision, and what was expected, so it can be acted on without a debugger.</summary>
public class HubException : Exception
{
    public HubException(string message, string? repo = null, string? file = null, string? revision = null, Exception? inner = null)
        : base(message, inner)
    {
        Repo = repo;
        File = file;
        Revision = revision;
    }

    public string? Repo { get; }
    public string? File { get; }
    public string? Revision { get; }
}

/// <summary>The Hub answered that the repo, revision or file does not exist (or is not visible
/// with the given token), or offline mode found no cached copy.</summary>
public sealed class HubFileNotFoundException : HubException
{
    public HubFileNotFoundException(string message, HubMissing missing, string repo, string file, string revision, Exception? inner = null)
        : base(message, repo, file, revision, inner) => Missing = missing;

    public HubMissing Missing { get; }
}

/// <summary>Which part of a request the Hub (or the cache) could not supply.</summary>
public enum HubMissing { Repo, Revision, File, Access, NotCached }

/// <summary>Downloaded bytes did not match the checksum the Hub advertised; nothing was kept.</summary>
public sealed class HubChecksumException : HubException
{
    public HubChecksumException(string message, string repo, string file, string revision)
        : base(message, repo, file, revision) { }
}
