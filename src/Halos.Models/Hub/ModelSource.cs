namespace Halos.Models.Hub;

/// <summary>Where a model's files come from: a directory the user named, or a Hub repo through the cache.</summary>
internal abstract class ModelSource
{
    public abstract string Describe { get; }

    /// <summary>The local path of <paramref name="file"/>, or null when the model simply has no
    /// such file and <paramref name="required"/> is false. Missing required files throw.</summary>
    public abstract Task<string?> GetAsync(string file, bool required, CancellationToken cancel);

    /// <summary>Every file the model has, repo-relative with '/' separators.</summary>
    public abstract Task<IReadOnlyList<string>> ListAsync(CancellationToken cancel);

    /// <summary>The folder that holds every file fetched so far.</summary>
    public abstract string Directory { get; }

    public virtual string? Commit => null;
}
