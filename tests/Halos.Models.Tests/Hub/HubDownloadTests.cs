using Halos.Models.Hub;
using HubFile = Halos.Models.Tests.Hub.FakeHubServer.HubFile;

namespace Halos.Models.Tests.Hub;

public class HubDownloadTests : IDisposable
{
    private const string Repo = "acme/tiny-lm";
    private readonly HubTestBed _bed = new();
    private readonly HubFile _config = HubTestBed.Small("{\"model_type\": \"gpt2\", \"n_layer\": 2}\n");
    private readonly HubFile _weights = HubTestBed.Large(300_000, seed: 1);
    private readonly HubFile _nested = HubTestBed.Small("nested file\n");
    private readonly string _commit;

    public HubDownloadTests()
    {
        _commit = _bed.Server.AddCommit(Repo, "main", new()
        {
            ["config.json"] = _config,
            ["model.safetensors"] = _weights,
            ["onnx/sub/notes.txt"] = _nested,
        });
    }

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void Download_lays_out_refs_blobs_and_relative_snapshot_symlinks_like_huggingface_hub()
    {
        using var resolver = _bed.Resolver();
        var model = resolver.Resolve(Repo, ["config.json", "model.safetensors", "onnx/sub/notes.txt"]);

        var repoFolder = _bed.RepoFolder(Repo);
        var snapshot = Path.Combine(repoFolder, "snapshots", _commit);
        Assert.Equal(snapshot, model.Directory);
        Assert.Equal(_commit, model.Commit);
        Assert.Equal(["config.json", "model.safetensors", "onnx/sub/notes.txt"], model.Files);
        Assert.Equal(_commit, File.ReadAllText(Path.Combine(repoFolder, "refs", "main")));

        // Small files are named by git blob sha1, LFS files by sha256, exactly as huggingface_hub names them.
        Assert.Equal(Path.Combine("..", "..", "blobs", _config.Etag), new FileInfo(Path.Combine(snapshot, "config.json")).LinkTarget);
        Assert.Equal(Path.Combine("..", "..", "blobs", _weights.Etag), new FileInfo(Path.Combine(snapshot, "model.safetensors")).LinkTarget);
        Assert.Equal(Path.Combine("..", "..", "..", "..", "blobs", _nested.Etag),
                     new FileInfo(Path.Combine(snapshot, "onnx", "sub", "notes.txt")).LinkTarget);
        Assert.Equal(64, _weights.Etag.Length);
        Assert.Equal(40, _config.Etag.Length);

        Assert.Equal(_config.Content, File.ReadAllBytes(model.PathOf("config.json")));
        Assert.Equal(_weights.Content, File.ReadAllBytes(model.PathOf("model.safetensors")));
        Assert.Equal(_nested.Content, File.ReadAllBytes(model.PathOf("onnx/sub/notes.txt")));
        Assert.Equal(
            new[] { _config.Etag, _weights.Etag, _nested.Etag }.Order(),
            Directory.GetFiles(Path.Combine(repoFolder, "blobs")).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(Path.Combine(_bed.Cache, ".locks", "models--acme--tiny-lm", _weights.Etag + ".lock")));
    }

    [Fact]
    public void Token_goes_to_the_endpoint_but_not_to_the_cdn_an_lfs_file_redirects_to()
    {
        using var resolver = _bed.Resolver();
        resolver.Resolve(Repo, ["model.safetensors"]);

        var hub = _bed.Server.Requests.Where(r => r.Port == _bed.Server.HubPort).ToList();
        var cdn = _bed.Server.Requests.Where(r => r.Port == _bed.Server.CdnPort).ToList();
        Assert.Equal(["HEAD", "GET"], hub.Select(r => r.Method));
        Assert.Equal("/acme/tiny-lm/resolve/main/model.safetensors", hub[0].Path);
        Assert.All(hub, r => Assert.Equal("Bearer " + HubTestBed.Token, r.Authorization));
        Assert.Single(cdn);
        Assert.Null(cdn[0].Authorization);
    }

    [Fact]
    public void A_second_resolve_reuses_cached_blobs_and_offline_mode_resolves_from_the_cache_alone()
    {
        using (var online = _bed.Resolver()) online.Resolve(Repo, ["config.json", "model.safetensors"]);
        var afterFirst = _bed.Server.Requests.Count;

        using (var again = _bed.Resolver()) again.Resolve(Repo, ["config.json", "model.safetensors"]);
        var repeat = _bed.Server.Requests.Skip(afterFirst).ToList();
        // One HEAD revalidates "main"; the second file is then addressed by the pinned commit, which the cache already holds.
        Assert.Equal(["HEAD"], repeat.Select(r => r.Method));

        var beforeOffline = _bed.Server.Requests.Count;
        using var offline = _bed.Resolver(offline: true);
        var model = offline.Resolve(Repo, ["config.json", "model.safetensors"]);
        Assert.Equal(beforeOffline, _bed.Server.Requests.Count);
        Assert.Equal(_commit, model.Commit);
        Assert.Equal(_weights.Content, File.ReadAllBytes(model.PathOf("model.safetensors")));
    }

    [Fact]
    public void A_commit_hash_revision_already_cached_needs_no_request()
    {
        using (var online = _bed.Resolver()) online.Resolve(Repo, ["config.json"]);
        var before = _bed.Server.Requests.Count;
        using var resolver = _bed.Resolver();
        var model = resolver.Resolve(Repo, ["config.json"], revision: _commit);
        Assert.Equal(before, _bed.Server.Requests.Count);
        Assert.Equal(_config.Content, File.ReadAllBytes(model.PathOf("config.json")));
    }

    [Fact]
    public void An_unreachable_endpoint_falls_back_to_the_cache_and_fails_clearly_without_it()
    {
        using (var online = _bed.Resolver()) online.Resolve(Repo, ["config.json"]);
        var unreachable = _bed.Options() with { Endpoint = "http://127.0.0.1:1" };
        using var resolver = new ModelResolver(unreachable);

        var model = resolver.Resolve(Repo, ["config.json"]);
        Assert.Equal(_config.Content, File.ReadAllBytes(model.PathOf("config.json")));

        var e = Assert.Throws<HubFileNotFoundException>(() => resolver.Resolve(Repo, ["model.safetensors"]));
        Assert.Contains("could not be reached", e.Message);
        Assert.Contains("'model.safetensors'", e.Message);
    }

    [Fact]
    public void A_connection_dropped_mid_body_is_resumed_with_a_range_request_and_yields_identical_bytes()
    {
        const int cut = 120_000;
        _bed.Server.DropAfterBytes["model.safetensors"] = cut;
        using var resolver = _bed.Resolver();

        var model = resolver.Resolve(Repo, ["model.safetensors"]);

        var gets = _bed.Server.Requests.Where(r => r.Port == _bed.Server.CdnPort).ToList();
        Assert.Equal(2, gets.Count);
        Assert.Null(gets[0].Range);
        var resumedFrom = long.Parse(gets[1].Range!["bytes=".Length..^1]);
        Assert.InRange(resumedFrom, 1, cut);
        Assert.Equal(_weights.Content, File.ReadAllBytes(model.PathOf("model.safetensors")));
        Assert.False(File.Exists(Path.Combine(_bed.RepoFolder(Repo), "blobs", _weights.Etag + ".incomplete")));
    }

    [Fact]
    public void A_transfer_that_stalls_times_out_and_resumes_and_a_503_is_retried()
    {
        _bed.Server.Unavailable["model.safetensors"] = true;
        _bed.Server.StallAfterBytes["config.json"] = 10;
        using var resolver = new ModelResolver(_bed.Options() with { StallTimeout = TimeSpan.FromSeconds(1) });

        var model = resolver.Resolve(Repo, ["config.json", "model.safetensors"]);

        Assert.Equal(_config.Content, File.ReadAllBytes(model.PathOf("config.json")));
        Assert.Equal(_weights.Content, File.ReadAllBytes(model.PathOf("model.safetensors")));
        var configGets = _bed.Server.RequestsFor("config.json").Where(r => r.Method == "GET").ToList();
        Assert.Null(configGets[0].Range);
        Assert.Equal("bytes=10-", configGets[1].Range);
        Assert.InRange(_bed.Server.Requests.Count(r => r.Port == _bed.Server.CdnPort), 2, 3); // the 503, then the body
    }

    [Fact]
    public void A_partial_file_left_by_a_failed_run_is_resumed_by_the_next_run()
    {
        const int cut = 100_000;
        _bed.Server.DropAfterBytes["model.safetensors"] = cut;
        var partial = Path.Combine(_bed.RepoFolder(Repo), "blobs", _weights.Etag + ".incomplete");

        using (var oneShot = _bed.Resolver(maxAttempts: 1))
        {
            var e = Assert.Throws<HubException>(() => oneShot.Resolve(Repo, ["model.safetensors"]));
            Assert.Contains(partial, e.Message);
        }
        var kept = new FileInfo(partial).Length;
        Assert.InRange(kept, 1, cut);
        Assert.False(File.Exists(Path.Combine(_bed.RepoFolder(Repo), "blobs", _weights.Etag)));
        Assert.False(File.Exists(Path.Combine(_bed.RepoFolder(Repo), "snapshots", _commit, "model.safetensors")));

        using var resolver = _bed.Resolver();
        var model = resolver.Resolve(Repo, ["model.safetensors"]);
        Assert.Equal($"bytes={kept}-", _bed.Server.Requests.Last(r => r.Port == _bed.Server.CdnPort).Range);
        Assert.Equal(_weights.Content, File.ReadAllBytes(model.PathOf("model.safetensors")));
        Assert.False(File.Exists(partial));
    }

    [Theory]
    [InlineData("model.safetensors", "Sha256")]
    [InlineData("config.json", "GitBlobSha1")]
    public void Bytes_that_do_not_match_the_advertised_checksum_are_an_error_and_leave_no_blob(string file, string kind)
    {
        _bed.Server.Corrupt[file] = true;
        using var resolver = _bed.Resolver();

        var e = Assert.Throws<HubChecksumException>(() => resolver.Resolve(Repo, [file]));

        Assert.Contains($"'{file}'", e.Message);
        Assert.Contains(Repo, e.Message);
        Assert.Contains(kind, e.Message);
        var blobs = Path.Combine(_bed.RepoFolder(Repo), "blobs");
        Assert.Empty(Directory.Exists(blobs) ? Directory.GetFiles(blobs) : []);
        Assert.False(File.Exists(Path.Combine(_bed.RepoFolder(Repo), "snapshots", _commit, file)));
    }

    [Fact]
    public void A_missing_file_is_a_404_naming_repo_file_and_revision()
    {
        using var resolver = _bed.Resolver();
        var e = Assert.Throws<HubFileNotFoundException>(() => resolver.Resolve(Repo, ["tokenizer.json"]));
        Assert.Equal(HubMissing.File, e.Missing);
        Assert.Contains("'tokenizer.json'", e.Message);
        Assert.Contains($"'{Repo}'", e.Message);
        Assert.Contains("revision 'main'", e.Message);
        Assert.Contains("404", e.Message);
        Assert.Contains("EntryNotFound", e.Message);
    }

    [Fact]
    public void An_unknown_repo_or_revision_says_which_was_missing()
    {
        using var resolver = _bed.Resolver();

        var repo = Assert.Throws<HubFileNotFoundException>(() => resolver.Resolve("acme/no-such-model", ["config.json"]));
        Assert.Equal(HubMissing.Repo, repo.Missing);
        Assert.Contains("repo 'acme/no-such-model' was not found", repo.Message);
        Assert.Contains("HF_TOKEN", repo.Message);

        var revision = Assert.Throws<HubFileNotFoundException>(() => resolver.Resolve(Repo, ["config.json"], revision: "v9"));
        Assert.Equal(HubMissing.Revision, revision.Missing);
        Assert.Contains("revision 'v9' was not found in repo 'acme/tiny-lm'", revision.Message);
    }

    [Fact]
    public void Offline_from_the_environment_with_a_missing_file_names_repo_file_and_the_setting_and_sends_nothing()
    {
        using (var online = _bed.Resolver()) online.Resolve(Repo, ["config.json"]);
        var before = _bed.Server.Requests.Count;
        var environment = new Dictionary<string, string>
        {
            ["HF_HUB_OFFLINE"] = "1",
            ["HF_HUB_CACHE"] = _bed.Cache,
            ["HF_ENDPOINT"] = _bed.Server.Endpoint,
            ["HF_HOME"] = Path.Combine(_bed.Cache, "no-home"),
        };
        using var offline = new ModelResolver(HubOptions.FromEnvironment(k => environment.GetValueOrDefault(k)));

        var missingFile = Assert.Throws<HubFileNotFoundException>(() => offline.Resolve(Repo, ["model.safetensors"]));
        Assert.Equal(HubMissing.NotCached, missingFile.Missing);
        Assert.Contains("'model.safetensors' of repo 'acme/tiny-lm' at revision 'main'", missingFile.Message);
        Assert.Contains("HF_HUB_OFFLINE", missingFile.Message);
        Assert.Contains(_commit, missingFile.Message);

        var missingRepo = Assert.Throws<HubFileNotFoundException>(() => offline.Resolve("acme/other", ["config.json"]));
        Assert.Contains("no snapshot for revision 'main'", missingRepo.Message);
        Assert.Equal(before, _bed.Server.Requests.Count);
    }

    [Fact]
    public void A_branch_that_moved_updates_refs_and_reuses_unchanged_blobs()
    {
        using (var first = _bed.Resolver()) first.Resolve(Repo, ["config.json", "model.safetensors"]);
        var newConfig = HubTestBed.Small("{\"model_type\": \"gpt2\", \"n_layer\": 4}\n");
        var newCommit = _bed.Server.AddCommit(Repo, "main", new() { ["config.json"] = newConfig, ["model.safetensors"] = _weights });
        var before = _bed.Server.Requests.Count;

        using var second = _bed.Resolver();
        var model = second.Resolve(Repo, ["config.json", "model.safetensors"]);

        Assert.Equal(newCommit, model.Commit);
        Assert.Equal(newCommit, File.ReadAllText(Path.Combine(_bed.RepoFolder(Repo), "refs", "main")));
        Assert.Equal(newConfig.Content, File.ReadAllBytes(model.PathOf("config.json")));
        Assert.Equal(_weights.Content, File.ReadAllBytes(model.PathOf("model.safetensors")));
        Assert.DoesNotContain(_bed.Server.Requests.Skip(before), r => r.Port == _bed.Server.CdnPort); // weights not downloaded twice
        Assert.True(File.Exists(Path.Combine(_bed.RepoFolder(Repo), "snapshots", _commit, "config.json"))); // old snapshot kept
    }
}
