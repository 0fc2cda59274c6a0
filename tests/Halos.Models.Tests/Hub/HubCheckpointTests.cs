using System.Text;
using Halos.Models.Hub;

namespace Halos.Models.Tests.Hub;

public class HubCheckpointTests : IDisposable
{
    private readonly HubTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private static string Index(params (string Tensor, string Shard)[] map) =>
        "{\"metadata\": {\"total_size\": 123}, \"weight_map\": {" +
        string.Join(", ", map.Select(m => $"\"{m.Tensor}\": \"{m.Shard}\"")) + "}}";

    [Fact]
    public void A_sharded_checkpoint_fetches_the_index_every_shard_it_names_and_the_tokenizer_files_present()
    {
        const string shard1 = "model-00001-of-00002.safetensors", shard2 = "model-00002-of-00002.safetensors";
        var commit = _bed.Server.AddCommit("Qwen/Qwen2.5-0.5B", "main", new()
        {
            ["config.json"] = HubTestBed.Small("{}"),
            ["model.safetensors.index.json"] = HubTestBed.Small(Index(("a.weight", shard1), ("b.weight", shard2), ("c.weight", shard1))),
            [shard1] = HubTestBed.Large(5000, seed: 2),
            [shard2] = HubTestBed.Large(7000, seed: 3),
            ["tokenizer.json"] = HubTestBed.Small("{\"model\": {}}"),
            ["tokenizer_config.json"] = HubTestBed.Small("{}"),
            ["pytorch_model.bin"] = HubTestBed.Large(100, seed: 4),
        });
        using var resolver = _bed.Resolver();

        var model = resolver.ResolveCheckpoint("Qwen/Qwen2.5-0.5B");

        Assert.Equal(commit, model.Commit);
        Assert.Equal(["config.json", "model.safetensors.index.json", shard1, shard2, "tokenizer.json", "tokenizer_config.json"], model.Files);
        Assert.All(model.Files, f => Assert.True(File.Exists(model.PathOf(f)), f));
        Assert.False(File.Exists(model.PathOf("pytorch_model.bin")));
        Assert.Empty(_bed.Server.RequestsFor("pytorch_model.bin"));
    }

    [Fact]
    public void A_single_file_checkpoint_is_config_weights_and_tokenizer()
    {
        _bed.Server.AddCommit("gpt2", "main", new()
        {
            ["config.json"] = HubTestBed.Small("{}"),
            ["model.safetensors"] = HubTestBed.Large(4096, seed: 5),
            ["generation_config.json"] = HubTestBed.Small("{}"),
        });
        using var resolver = _bed.Resolver();

        var model = resolver.ResolveCheckpoint("gpt2");

        Assert.Equal(["config.json", "model.safetensors", "generation_config.json"], model.Files);
        Assert.Equal(_bed.RepoFolder("gpt2"), Path.GetDirectoryName(Path.GetDirectoryName(model.Directory)));
        Assert.Empty(_bed.Server.RequestsFor("model.safetensors.index.json"));
    }

    [Fact]
    public void A_repo_with_only_pickle_weights_is_refused_with_a_reason()
    {
        _bed.Server.AddCommit("acme/old", "main", new()
        {
            ["config.json"] = HubTestBed.Small("{}"),
            ["pytorch_model.bin"] = HubTestBed.Large(100, seed: 6),
        });
        using var resolver = _bed.Resolver();

        var e = Assert.Throws<HubFileNotFoundException>(() => resolver.ResolveCheckpoint("acme/old"));
        Assert.Contains("repo 'acme/old' at revision 'main' has neither model.safetensors nor model.safetensors.index.json", e.Message);
        Assert.Contains("pickle", e.Message);
    }

    [Fact]
    public void Glob_patterns_match_the_repo_file_list_and_a_pattern_matching_nothing_is_an_error()
    {
        var commit = _bed.Server.AddCommit("acme/globs", "main", new()
        {
            ["config.json"] = HubTestBed.Small("{}"),
            ["tokenizer_config.json"] = HubTestBed.Small("{\"a\": 1}"),
            ["sub/extra.json"] = HubTestBed.Small("[]"),
            ["model.safetensors"] = HubTestBed.Large(2048, seed: 7),
        });
        using var resolver = _bed.Resolver();

        var model = resolver.Resolve("acme/globs", ["*.json"]);
        Assert.Equal(commit, model.Commit);
        Assert.Equal(["config.json", "sub/extra.json", "tokenizer_config.json"], model.Files.Order(StringComparer.Ordinal));
        Assert.False(File.Exists(model.PathOf("model.safetensors")));
        Assert.Equal(commit, File.ReadAllText(Path.Combine(_bed.RepoFolder("acme/globs"), "refs", "main")));

        var e = Assert.Throws<HubFileNotFoundException>(() => resolver.Resolve("acme/globs", ["*.gguf"]));
        Assert.Contains("no file of repo 'acme/globs' at revision 'main' matches '*.gguf'", e.Message);

        using var offline = _bed.Resolver(offline: true);
        var cached = offline.Resolve("acme/globs", ["tok*"]);
        Assert.Equal(["tokenizer_config.json"], cached.Files);
    }

    [Fact]
    public void A_local_directory_is_used_as_is_and_a_missing_file_in_it_names_the_directory()
    {
        var local = Directory.CreateDirectory(Path.Combine(_bed.Cache, "my-model")).FullName;
        File.WriteAllText(Path.Combine(local, "config.json"), "{}");
        File.WriteAllText(Path.Combine(local, "model.safetensors"), "weights");
        using var resolver = _bed.Resolver();

        var model = resolver.ResolveCheckpoint(local);
        Assert.Equal(local, model.Directory);
        Assert.Null(model.Commit);
        Assert.Equal(["config.json", "model.safetensors"], model.Files);
        Assert.Empty(_bed.Server.Requests);

        var e = Assert.Throws<HubFileNotFoundException>(() => resolver.Resolve(local, ["tokenizer.json"]));
        Assert.Contains($"model directory {local} has no 'tokenizer.json'", e.Message);

        var gone = Assert.Throws<HubException>(() => resolver.Resolve(Path.Combine(local, "nope"), ["config.json"]));
        Assert.Contains("does not exist", gone.Message);
        var bad = Assert.Throws<HubException>(() => resolver.Resolve("not a model!", ["config.json"]));
        Assert.Contains("neither an existing directory nor a Hub model id", bad.Message);
    }

    [Fact]
    public void An_index_naming_a_shard_the_repo_lacks_fails_naming_that_shard()
    {
        _bed.Server.AddCommit("acme/broken", "main", new()
        {
            ["config.json"] = HubTestBed.Small("{}"),
            ["model.safetensors.index.json"] = HubTestBed.Small(Index(("w", "model-00001-of-00001.safetensors"))),
        });
        using var resolver = _bed.Resolver();

        var e = Assert.Throws<HubFileNotFoundException>(() => resolver.ResolveCheckpoint("acme/broken"));
        Assert.Equal("model-00001-of-00001.safetensors", e.File);
        Assert.Contains("'model-00001-of-00001.safetensors' was not found in repo 'acme/broken'", e.Message);
    }
}
