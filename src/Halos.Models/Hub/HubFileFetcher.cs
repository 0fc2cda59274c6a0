using System.Net;

namespace Halos.Models.Hub;

/// <summary>Brings one repo file into the cache and returns its snapshot path. Online: HEAD for the
/// commit and checksum, reuse the blob if the cache has it, otherwise download, verify and move
/// it into blobs/ only when complete. Offline (or when the endpoint cannot be reached): the
/// cache alone.</summary>
internal sealed class HubFileFetcher
{
    private readonly HubOptions _options;
    private readonly HubHttp _http;
    private readonly ResumableDownload _download;

    public HubFileFetcher(HubOptions options, HubHttp http)
    {
        _options = options;
        _http = http;
        _download = new ResumableDownload(http, options);
    }

    public async Task<(string Path, string Commit)> FetchAsync(RepoId repo, string file, string revision, CancellationToken cancel)
    {
        var cache = new RepoCacheLayout(_options.CacheDirectory, repo);
        if (_options.Offline) return FromCache(cache, file, revision, "HF_HUB_OFFLINE is set");

        // A snapshot addressed by commit hash can never change, so a cached copy needs no network.
        if (RepoCacheLayout.IsCommitHash(revision) && File.Exists(cache.SnapshotFile(revision, file)))
            return (cache.SnapshotFile(revision, file), revision);

        var url = _http.ResolveUrl(repo, revision, file);
        HubFileMetadata metadata;
        try
        {
            metadata = await HeadAsync(url, repo, file, revision, cancel);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException && !cancel.IsCancellationRequested)
        {
            return FromCache(cache, file, revision, $"{_options.Endpoint} could not be reached ({e.Message})");
        }

        cache.WriteRef(revision, metadata.Commit);
        var blob = cache.BlobPath(metadata.Etag);
        if (!File.Exists(blob))
        {
            using var held = await BlobDownloadLock.AcquireAsync(cache.LockPath(metadata.Etag), _options.LockTimeout, cancel);
            if (!File.Exists(blob)) await DownloadBlobAsync(cache, url, metadata, repo, file, revision, cancel);
        }
        return (cache.LinkSnapshot(metadata.Commit, file, metadata.Etag), metadata.Commit);
    }

    private async Task<HubFileMetadata> HeadAsync(Uri url, RepoId repo, string file, string revision, CancellationToken cancel)
    {
        using var response = await _http.SendAsync(HttpMethod.Head, url, rangeStart: null, followCrossHost: false, cancel);
        var redirected = (int)response.StatusCode is >= 300 and < 400;
        if (!response.IsSuccessStatusCode && !redirected) throw HubHttp.Failure(response, url, repo, file, revision);

        var commit = HubHttp.Header(response, "X-Repo-Commit");
        var etag = HubHttp.Header(response, "X-Linked-Etag") ?? HubHttp.Header(response, "ETag");
        if (commit is null || etag is null)
            throw new HubException($"HEAD {url} for '{file}' in repo '{repo}' at revision '{revision}' lacked the " +
                                   $"{(commit is null ? "X-Repo-Commit" : "ETag/X-Linked-Etag")} header; is {_options.Endpoint} a Hugging Face Hub endpoint?",
                                   repo.Value, file, revision);
        var sizeText = HubHttp.Header(response, "X-Linked-Size");
        long? size = long.TryParse(sizeText, out var linked) ? linked : redirected ? null : response.Content.Headers.ContentLength;
        return new HubFileMetadata(commit.Trim(), BlobChecksum.NormalizeEtag(etag), size);
    }

    private async Task DownloadBlobAsync(RepoCacheLayout cache, Uri url, HubFileMetadata metadata, RepoId repo, string file, string revision, CancellationToken cancel)
    {
        var partial = cache.IncompletePath(metadata.Etag);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await _download.DownloadAsync(url, partial, metadata.Size, r => HubHttp.Failure(r, url, repo, file, revision), cancel);

        var length = new FileInfo(partial).Length;
        string? problem = null;
        if (metadata.Size is { } size && length != size)
            problem = $"received {length} bytes, the Hub announced {size}";
        else if (BlobChecksum.Compute(partial, metadata.Etag) is { } actual && actual != metadata.Etag)
            problem = $"{BlobChecksum.KindOf(metadata.Etag)} of the received bytes is {actual}, the Hub announced {metadata.Etag}";
        if (problem is not null)
        {
            File.Delete(partial);
            throw new HubChecksumException($"'{file}' from repo '{repo}' at revision '{revision}' failed verification: {problem}; the download was discarded",
                                           repo.Value, file, revision);
        }
        File.Move(partial, cache.BlobPath(metadata.Etag), overwrite: true);
    }

    private static (string Path, string Commit) FromCache(RepoCacheLayout cache, string file, string revision, string why)
    {
        var commit = cache.CachedCommit(revision);
        if (commit is not null && File.Exists(cache.SnapshotFile(commit, file))) return (cache.SnapshotFile(commit, file), commit);
        var missing = commit is null
            ? $"the cache has no snapshot for revision '{revision}' (no {cache.RefPath(revision)})"
            : $"snapshot {commit} in the cache has no '{file}'";
        throw new HubFileNotFoundException($"'{file}' of repo '{cache.Repo}' at revision '{revision}' is not available: {why} and {missing} under {cache.CacheDirectory}",
                                           HubMissing.NotCached, cache.Repo.Value, file, revision);
    }
}
