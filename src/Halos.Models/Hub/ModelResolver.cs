namespace Halos.Models.Hub;

/// <summary>Turns a model name into a local directory. An existing directory is used as is; a
/// Hub id such as <c>gpt2</c> or <c>Qwen/Qwen2.5-0.5B</c> resolves through the huggingface_hub
/// cache, downloading what is missing unless offline.
/// <code>
/// using var models = new ModelResolver();                 // HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE
/// var model = models.ResolveCheckpoint("Qwen/Qwen2.5-0.5B");
/// var config = model.PathOf("config.json");
/// </code></summary>
public sealed class ModelResolver : IDisposable
{
    /// <summary>Tokenizer and generation files a checkpoint may carry; fetched when present.</summary>
    public static readonly IReadOnlyList<string> OptionalCheckpointFiles =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json"];

    public const string ConfigFile = "config.json";
    public const string SingleFileWeights = "model.safetensors";

    private readonly HubHttp _http;
    private readonly HubFileFetcher _fetcher;

    public ModelResolver() : this(HubOptions.FromEnvironment()) { }

    public ModelResolver(HubOptions options)
    {
        Options = options;
        _http = new HubHttp(options);
        _fetcher = new HubFileFetcher(options, _http);
    }

    public HubOptions Options { get; }

    /// <summary>Brings the named files (or globs such as <c>*.json</c>, matched against the repo's
    /// file list) of one revision into a single local directory. Every file is required.</summary>
    public ResolvedModel Resolve(string nameOrPath, IEnumerable<string> files, string revision = "main") =>
        ResolveAsync(nameOrPath, files, revision).GetAwaiter().GetResult();

    public async Task<ResolvedModel> ResolveAsync(string nameOrPath, IEnumerable<string> files, string revision = "main", CancellationToken cancel = default)
    {
        var source = Open(nameOrPath, revision);
        var requests = files.ToList();
        if (requests.Count == 0) throw new ArgumentException($"no files requested for '{nameOrPath}'; name files such as config.json or globs such as *.json", nameof(files));
        var fetched = new List<string>();
        IReadOnlyList<string>? listing = null;
        foreach (var request in requests)
        {
            if (!RepoFilePattern.IsPattern(request))
            {
                await source.GetAsync(request, required: true, cancel);
                Add(fetched, request);
                continue;
            }
            listing ??= await source.ListAsync(cancel);
            var matches = listing.Where(f => RepoFilePattern.Matches(request, f)).ToList();
            if (matches.Count == 0)
                throw new HubFileNotFoundException($"no file of {source.Describe} matches '{request}' (it has: {Preview(listing)})",
                                                   HubMissing.File, nameOrPath, request, revision);
            foreach (var match in matches)
            {
                await source.GetAsync(match, required: true, cancel);
                Add(fetched, match);
            }
        }
        return new ResolvedModel(source.Directory, source.Commit, fetched);
    }

    /// <summary>A safetensors checkpoint: config.json, model.safetensors or the sharded index plus
    /// every shard it names, and whichever tokenizer files the model has.</summary>
    public ResolvedModel ResolveCheckpoint(string nameOrPath, string revision = "main") =>
        ResolveCheckpointAsync(nameOrPath, revision).GetAwaiter().GetResult();

    public async Task<ResolvedModel> ResolveCheckpointAsync(string nameOrPath, string revision = "main", CancellationToken cancel = default)
    {
        var source = Open(nameOrPath, revision);
        var fetched = new List<string> { ConfigFile };
        await source.GetAsync(ConfigFile, required: true, cancel);

        if (await source.GetAsync(SingleFileWeights, required: false, cancel) is not null)
            fetched.Add(SingleFileWeights);
        else if (await source.GetAsync(ShardedCheckpointIndex.FileName, required: false, cancel) is { } index)
        {
            fetched.Add(ShardedCheckpointIndex.FileName);
            foreach (var shard in ShardedCheckpointIndex.ShardFiles(index))
            {
                await source.GetAsync(shard, required: true, cancel);
                fetched.Add(shard);
            }
        }
        else
            throw new HubFileNotFoundException(
                $"{source.Describe} has neither {SingleFileWeights} nor {ShardedCheckpointIndex.FileName}; only safetensors checkpoints are loaded (pickle files such as pytorch_model.bin never are)",
                HubMissing.File, nameOrPath, SingleFileWeights, revision);

        foreach (var optional in OptionalCheckpointFiles)
            if (await source.GetAsync(optional, required: false, cancel) is not null)
                fetched.Add(optional);
        return new ResolvedModel(source.Directory, source.Commit, fetched);
    }

    public void Dispose() => _http.Dispose();

    private ModelSource Open(string nameOrPath, string revision)
    {
        if (Directory.Exists(nameOrPath)) return new LocalModelDirectory(nameOrPath);
        if (LooksLikePath(nameOrPath))
            throw new HubException($"model directory '{nameOrPath}' does not exist (a Hub id looks like 'gpt2' or 'org/name')", nameOrPath);
        if (!RepoId.IsValid(nameOrPath))
            throw new HubException($"'{nameOrPath}' is neither an existing directory nor a Hub model id like 'gpt2' or 'org/name'", nameOrPath);
        if (string.IsNullOrWhiteSpace(revision))
            throw new ArgumentException($"revision for '{nameOrPath}' is empty; expected a branch, tag or commit hash such as 'main'", nameof(revision));
        return new HubModelRepo(RepoId.Parse(nameOrPath), revision, Options, _http, _fetcher);
    }

    private static bool LooksLikePath(string s) =>
        Path.IsPathRooted(s) || s.StartsWith('.') || s.StartsWith('~') || s.Contains('\\') || s.Count(c => c == '/') > 1;

    private static void Add(List<string> files, string file)
    {
        if (!files.Contains(file)) files.Add(file);
    }

    private static string Preview(IReadOnlyList<string> files) =>
        files.Count == 0 ? "no files" : string.Join(", ", files.Take(20)) + (files.Count > 20 ? $", … ({files.Count} in all)" : "");
}
