using System.Text;
using Halos.Models.Hub;

namespace Halos.Models.Tests.Hub;

/// <summary>The pieces with closed-form answers: checksums, ids, environment, index parsing, globs.</summary>
public class HubFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("halos-hub-format-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Checksums_match_git_and_sha256_reference_values()
    {
        var hello = Write("hello", "hello world\n");
        // `echo 'hello world' | git hash-object --stdin` and `echo 'hello world' | sha256sum`
        Assert.Equal("3b18e512dba79e4c8300dd08aeb37f8e728b8dad", BlobChecksum.Compute(hello, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"));
        Assert.Equal("a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
                     BlobChecksum.Compute(hello, new string('0', 64)));
        Assert.Null(BlobChecksum.Compute(hello, "cdn-etag-1234"));
        Assert.Equal("abc", BlobChecksum.NormalizeEtag("W/\"abc\""));
        Assert.Equal(BlobChecksum.Kind.GitBlobSha1, BlobChecksum.KindOf(new string('a', 40)));
        Assert.Equal(BlobChecksum.Kind.Unverifiable, BlobChecksum.KindOf(new string('A', 64)));
    }

    [Theory]
    [InlineData("gpt2", true)]
    [InlineData("Qwen/Qwen2.5-0.5B", true)]
    [InlineData("meta-llama/Llama-3.2-1B_Instruct", true)]
    [InlineData("a/b/c", false)]
    [InlineData("org--x/name", false)]
    [InlineData("org/na..me", false)]
    [InlineData("-org/name", false)]
    [InlineData("org/name.", false)]
    [InlineData("with space", false)]
    [InlineData("", false)]
    public void Repo_ids_follow_the_hub_rules(string id, bool valid)
    {
        Assert.Equal(valid, RepoId.IsValid(id));
        if (!valid) Assert.Contains($"'{id}' is not a valid Hub model id", Assert.Throws<HubException>(() => RepoId.Parse(id)).Message);
    }

    [Fact]
    public void Cache_folder_names_use_the_huggingface_hub_convention()
    {
        Assert.Equal("models--Qwen--Qwen2.5-0.5B", RepoId.Parse("Qwen/Qwen2.5-0.5B").CacheFolderName);
        Assert.Equal("models--gpt2", RepoId.Parse("gpt2").CacheFolderName);
        var layout = new RepoCacheLayout("/c", RepoId.Parse("gpt2"));
        var commit = new string('a', 40);
        Assert.Equal("/c/models--gpt2/refs/refs/pr/1", layout.RefPath("refs/pr/1"));
        Assert.Equal($"/c/models--gpt2/snapshots/{commit}/onnx/model.onnx", layout.SnapshotFile(commit, "onnx/model.onnx"));
        Assert.Throws<HubException>(() => layout.SnapshotFile(commit, "../../escape"));
        Assert.Throws<HubException>(() => layout.SnapshotFolder("main"));
    }

    [Fact]
    public void Environment_variables_resolve_like_huggingface_hub()
    {
        HubOptions From(params (string, string)[] vars) =>
            HubOptions.FromEnvironment(k => vars.FirstOrDefault(v => v.Item1 == k).Item2);

        var defaults = From(("HOME", "/home/u"));
        Assert.Equal("/home/u/.cache/huggingface/hub", defaults.CacheDirectory);
        Assert.Equal("https://huggingface.co", defaults.Endpoint);
        Assert.False(defaults.Offline);
        Assert.Null(defaults.Token);

        Assert.Equal("/x/huggingface/hub", From(("HOME", "/home/u"), ("XDG_CACHE_HOME", "/x")).CacheDirectory);
        Assert.Equal("/hf/hub", From(("HF_HOME", "/hf")).CacheDirectory);
        Assert.Equal("/hc", From(("HF_HOME", "/hf"), ("HF_HUB_CACHE", "/hc")).CacheDirectory);
        Assert.Equal("/home/u/hc", From(("HOME", "/home/u"), ("HF_HUB_CACHE", "~/hc")).CacheDirectory);
        Assert.Equal("http://mirror:8080", From(("HF_HOME", "/hf"), ("HF_ENDPOINT", "http://mirror:8080/")).Endpoint);
        foreach (var on in new[] { "1", "true", "YES", "On" }) Assert.True(From(("HF_HOME", "/hf"), ("HF_HUB_OFFLINE", on)).Offline, on);
        foreach (var off in new[] { "0", "false", "" }) Assert.False(From(("HF_HOME", "/hf"), ("HF_HUB_OFFLINE", off)).Offline, off);
        Assert.Equal("hf_abc", From(("HF_HOME", "/hf"), ("HF_TOKEN", "hf_abc")).Token);

        File.WriteAllText(Path.Combine(_dir, "token"), "hf_saved\n");
        Assert.Equal("hf_saved", From(("HF_HOME", _dir)).Token);

        var bad = Assert.Throws<HubException>(() => From(("HF_HOME", "/hf"), ("HF_ENDPOINT", "ftp://x")));
        Assert.Contains("HF_ENDPOINT='ftp://x'", bad.Message);
    }

    [Fact]
    public void The_shard_index_yields_each_shard_once_in_first_seen_order()
    {
        var index = Write("index.json", """
            {"metadata": {"total_size": 10},
             "weight_map": {"a": "model-00002-of-00002.safetensors", "b": "model-00001-of-00002.safetensors", "c": "model-00002-of-00002.safetensors"}}
            """);
        Assert.Equal(["model-00002-of-00002.safetensors", "model-00001-of-00002.safetensors"], ShardedCheckpointIndex.ShardFiles(index));
    }

    [Theory]
    [InlineData("{\"weight_map\": {\"w\": 3}}", "weight_map[\"w\"] is Number")]
    [InlineData("{\"weight_map\": {\"w\": \"../x.safetensors\"}}", "not a relative file name")]
    [InlineData("{\"weight_map\": {\"w\": \"pytorch_model-1.bin\"}}", "pickle")]
    [InlineData("{\"weight_map\": {}}", "is empty")]
    [InlineData("{\"metadata\": {}}", "\"weight_map\" object")]
    [InlineData("{\"weight_map\": ", "not valid JSON")]
    public void A_malformed_shard_index_names_the_file_and_the_problem(string json, string expected)
    {
        var index = Write("bad.json", json);
        var e = Assert.Throws<HubException>(() => ShardedCheckpointIndex.ShardFiles(index));
        Assert.StartsWith(index, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("*.json", "config.json", true)]
    [InlineData("*.json", "sub/x.json", true)]
    [InlineData("model-?????-of-00002.safetensors", "model-00001-of-00002.safetensors", true)]
    [InlineData("*.json", "model.safetensors", false)]
    [InlineData("config.json", "config.jsonx", false)]
    [InlineData("a.b", "axb", false)]
    public void Globs_follow_fnmatch(string pattern, string file, bool matches) =>
        Assert.Equal(matches, RepoFilePattern.Matches(pattern, file));
}
