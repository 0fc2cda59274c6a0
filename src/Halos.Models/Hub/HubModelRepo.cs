using System.Net.Http.Json;
using System.Text.Json;

namespace Halos.Models.Hub;

/// <summary>A Hub repo resolved through the cache. The first file fetched pins the revision to
/// its commit, so every later file comes from the same snapshot even if the branch moves
/// while we download.</summary>
internal sealed class HubModelRepo(RepoId repo, string revision, HubOptions options, HubHttp http, HubFileFetcher fetcher) : ModelSource
{
    private string? _commit;

    public override string? Commit => _commit;

    public override string Describe => $"repo '{repo}' at revision '{revision}'";

    public override string Directory => _commit is null
        ? throw new InvalidOperationException("no file has been fetched yet, so the snapshot commit is unknown")
        : new RepoCacheLayout(options.CacheDirectory, repo).SnapshotFolder(_commit);

    public override async Task<string?> GetAsync(string file, bool required, CancellationToken cancel)
    {
        try
        {
            var (path, commit) = await fetcher.FetchAsync(repo, file, _commit ?? revision, cancel);
            _commit = commit;
            return path;
        }
        catch (HubFileNotFoundException e) when (!required && (e.Missing is HubMissing.File || (_commit is not null && e.Missing is HubMissing.NotCached)))
        {
            return null;
        }
    }

    /// <summary>Online: the Hub's revision API (<c>/api/models/{repo}/revision/{rev}</c>, whose
    /// "sha" also pins the commit). Offline: the cached snapshot folder.</summary>
    public override async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancel)
    {
        var cache = new RepoCacheLayout(options.CacheDirectory, repo);
        if (options.Offline)
        {
            _commit ??= cache.CachedCommit(revision) ?? throw new HubFileNotFoundException(
                $"cannot list repo '{repo}' at revision '{revision}': HF_HUB_OFFLINE is set and the cache under {cache.CacheDirectory} has no snapshot for it",
                HubMissing.NotCached, repo.Value, "*", revision);
            return LocalModelDirectory.ListFiles(cache.SnapshotFolder(_commit));
        }

        var url = http.RevisionInfoUrl(repo, _commit ?? revision);
        using var response = await http.SendAsync(HttpMethod.Get, url, rangeStart: null, followCrossHost: true, cancel);
        if (!response.IsSuccessStatusCode) throw HubHttp.Failure(response, url, repo, "*", _commit ?? revision);
        JsonElement info;
        try
        {
            info = await response.Content.ReadFromJsonAsync<JsonElement>(cancel);
        }
        catch (JsonException e)
        {
            throw new HubException($"GET {url}: the file list of repo '{repo}' is not valid JSON: {e.Message}", repo.Value, revision: revision, inner: e);
        }
        if (info.ValueKind != JsonValueKind.Object
            || !info.TryGetProperty("sha", out var sha) || sha.ValueKind != JsonValueKind.String || !RepoCacheLayout.IsCommitHash(sha.GetString()!)
            || !info.TryGetProperty("siblings", out var siblings) || siblings.ValueKind != JsonValueKind.Array)
            throw new HubException($"GET {url}: expected an object with \"sha\" (a commit hash) and \"siblings\" (an array of {{\"rfilename\": ...}})",
                                   repo.Value, revision: revision);
        var files = new List<string>();
        foreach (var sibling in siblings.EnumerateArray())
        {
            if (sibling.ValueKind != JsonValueKind.Object || !sibling.TryGetProperty("rfilename", out var name) || name.ValueKind != JsonValueKind.String)
                throw new HubException($"GET {url}: each entry of \"siblings\" must be an object with a string \"rfilename\"", repo.Value, revision: revision);
            files.Add(name.GetString()!);
        }
        _commit ??= sha.GetString();
        cache.WriteRef(revision, _commit!);
        return files;
    }
}
