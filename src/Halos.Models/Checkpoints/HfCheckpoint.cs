using System.Text.Json.Nodes;
using Halos.Models.Architectures;
using Halos.Models.Configuration;
using Halos.Torch;
using Halos.Torch.SafeTensors;

namespace Halos.Models.Checkpoints;

/// <summary>
/// Loads and saves Hugging Face model folders: config.json plus model.safetensors or a sharded
/// model.safetensors.index.json. The architecture comes from config.json; tensors are converted
/// to the requested dtype as they are copied in, one at a time.
/// </summary>
public static class HfCheckpoint
{
    public const string ConfigFile = "config.json";

    /// <summary>transformers' default largest shard (5 GB), as save_pretrained writes them.</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    // Non-persistent buffers that older transformers versions saved (causal masks, rotary
    // frequencies, position ids): computed here, so they are skipped rather than unexpected.
    private static readonly string[] RecomputedSuffixes =
        [".attn.bias", ".attn.masked_bias", ".attention.bias", ".attention.masked_bias", "rotary_emb.inv_freq", "embeddings.position_ids"];

    /// <summary>
    /// Prefixes of tensors that trainers attach to a model and save beside its weights, which no architecture here
    /// builds: PPO's value head (<c>v_head.summary.weight</c>/<c>.bias</c>, as TRL's AutoModelForCausalLMWithValueHead
    /// saves it). Loading skips them, as transformers' AutoModelForCausalLM leaves them unused, so a PPO policy loads back
    /// as a plain causal LM (for generation, log-probs, or as a reference). The PPO trainer reads the head from the
    /// policy's folder itself when it attaches one (Halos.Trainers' SavedValueHead); a resume restores it from the
    /// resume checkpoint.
    /// </summary>
    public static readonly IReadOnlyList<string> TrainerHeadPrefixes = ["v_head."];

    public static TransformerModel Load(string folder, ModelOptions? options = null, bool strict = true) =>
        Load(folder, options, strict, out _);

    public static TransformerModel Load(string folder, ModelOptions? options, bool strict, out LoadReport report)
    {
        options ??= ModelOptions.Default;
        if (!Directory.Exists(folder)) throw new CheckpointException(folder, "the model folder does not exist");
        var config = HfConfig.Load(Path.Combine(folder, ConfigFile));
        var files = CheckpointFiles.Find(folder);
        if (ArchitectureCatalog.ModelTypes.Contains(config.ModelType)) ConfigShapeCheck.Check(config, files);
        var model = ArchitectureCatalog.Create(config, options, initialize: false);
        try
        {
            model.to(options.Device);
            report = LoadWeights(model, files, strict);
            InitializeMissing(model, report.Missing);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Copies the folder's tensors into the model. Shapes must agree with config.json.</summary>
    public static LoadReport LoadWeights(TransformerModel model, CheckpointFiles files, bool strict = true)
    {
        var targets = Targets(model);
        var tied = model.TiedParameterNames;
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        using var noGrad = torch.no_grad();
        foreach (var shard in files.Shards)
        {
            using var file = Open(shard);
            foreach (var name in file.Names)
            {
                if (files.WeightMap is { } map && (!map.TryGetValue(name, out var listed) || Path.Combine(files.Folder, listed) != shard))
                    throw new CheckpointException(shard, $"the tensor is in this shard but {files.IndexPath} does not map it here", name);
                if (tied.Contains(name) || RecomputedSuffixes.Any(name.EndsWith) || TrainerHeadPrefixes.Any(name.StartsWith)) continue;
                if (!targets.TryGetValue(name, out var target))
                {
                    unexpected.Add(name);
                    continue;
                }
                var info = file.Info(name);
                if (!info.Shape.SequenceEqual(target.shape))
                    throw new CheckpointException(shard,
                        $"has shape [{string.Join(", ", info.Shape)}] but config.json describes [{string.Join(", ", target.shape)}] ({model.Architecture})", name);
                using var source = file.Load(name);
                target.copy_(source);
                loaded.Add(name);
            }
        }
        if (files.WeightMap is { } weightMap)
            foreach (var (name, shardFile) in weightMap)
                if (!loaded.Contains(name) && !unexpected.Contains(name) && !tied.Contains(name) && !RecomputedSuffixes.Any(name.EndsWith) && !TrainerHeadPrefixes.Any(name.StartsWith))
                    throw new CheckpointException(Path.Combine(files.Folder, shardFile), $"{files.IndexPath} maps the tensor to this shard, which does not hold it", name);

        var missing = targets.Keys.Where(n => !loaded.Contains(n)).ToList();
        foreach (var t in targets.Values) t.Dispose();
        RefuseMissingHeadNorms(model, files, missing);
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new CheckpointException(files.Folder, Describe(model, missing, unexpected), missing.Concat(unexpected).First());
        return new LoadReport(missing, unexpected);
    }

    /// <summary>
    /// Tensors a non-strict load left out (a new classification head) get transformers' initial
    /// values: N(0, initializer_range) weights, zero biases, unit norm scales.
    /// </summary>
    private static void InitializeMissing(TransformerModel model, IReadOnlyList<string> missing)
    {
        if (missing.Count == 0) return;
        var std = model.Config.Double("initializer_range", 0.02);
        var owners = model.named_modules().ToDictionary(m => m.name, m => m.module);
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!missing.Contains(name)) continue;
            var dot = name.LastIndexOf('.');
            var owner = owners[dot < 0 ? "" : name[..dot]];
            if (owner is Halos.Torch.NN.LayerNorm or Halos.Torch.NN.RMSNorm) parameter.fill_(name.EndsWith(".bias") ? 0 : 1);
            else if (owner is Layers.GemmaRmsNorm) parameter.zero_();  // (1 + w): zero is the unit scale
            else if (name.EndsWith(".bias")) parameter.zero_();
            else parameter.normal_(0, std);
        }
    }

    /// <summary>
    /// Qwen3's per-head q_norm and k_norm weights cannot be made up: a unit scale is not what the model was trained
    /// with, so even a non-strict load refuses a checkpoint without them (a Qwen2 checkpoint labelled qwen3, say).
    /// </summary>
    private static void RefuseMissingHeadNorms(TransformerModel model, CheckpointFiles files, List<string> missing)
    {
        var norms = missing.Where(n => n.EndsWith(".self_attn.q_norm.weight", StringComparison.Ordinal)
                                       || n.EndsWith(".self_attn.k_norm.weight", StringComparison.Ordinal)).ToList();
        if (norms.Count == 0) return;
        throw new CheckpointException(files.Folder,
            $"{model.Architecture} normalises each query and key head (q_norm, k_norm) and the checkpoint lacks {norms.Count} of those tensors: " +
            $"{string.Join(", ", norms.Select(n => $"'{n}'"))}; is it a checkpoint of another model_type (qwen2 has no q_norm/k_norm)?", norms[0]);
    }

    private static string Describe(TransformerModel model, List<string> missing, List<string> unexpected)
    {
        static string List(List<string> names) => string.Join(", ", names.Take(8).Select(n => $"'{n}'")) + (names.Count > 8 ? $" and {names.Count - 8} more" : "");
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"{missing.Count} tensors that {model.Architecture} needs are missing: {List(missing)}");
        if (unexpected.Count > 0) parts.Add($"{unexpected.Count} tensors are unexpected: {List(unexpected)}");
        return string.Join("; ", parts) + " (load non-strictly to accept this, e.g. to start a reward model from a causal LM)";
    }

    /// <summary>The model's tensors by checkpoint name, sharing storage with the parameters.</summary>
    private static Dictionary<string, Tensor> Targets(TransformerModel model) => model.state_dict();

    internal static SafeTensorsFile Open(string path)
    {
        try
        {
            return SafeTensorsFile.Open(path);
        }
        catch (SafeTensorsFormatException e)
        {
            throw new CheckpointException(e.Path, e.Message.Replace($"{e.Path}: ", ""), e.TensorName, e);
        }
    }

    /// <summary>
    /// Writes config.json and the weights in the model's current dtype, in one file or in shards
    /// of at most <paramref name="maxShardBytes"/> with an index, so transformers' from_pretrained
    /// loads the folder back. Tied head weights are not written, as transformers does.
    /// </summary>
    public static void Save(TransformerModel model, string folder, long maxShardBytes = DefaultMaxShardBytes)
    {
        var state = model.state_dict();
        try
        {
            Save(model, state, folder, maxShardBytes);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Writes <paramref name="state"/> as <paramref name="model"/>'s checkpoint: for a state that differs from the live
    /// module's, such as LoRA's merged weights (<see cref="Lora.LoraModel.MergedStateDict"/>). The caller owns the tensors.
    /// </summary>
    public static void Save(TransformerModel model, Dictionary<string, Tensor> state, string folder, long maxShardBytes = DefaultMaxShardBytes)
    {
        Directory.CreateDirectory(folder);
        {
            var names = state.Keys.ToList();
            var shards = PlanShards(names, state, maxShardBytes);
            var metadata = new Dictionary<string, string> { ["format"] = "pt" };
            var single = Path.Combine(folder, CheckpointFiles.SingleFile);
            var index = Path.Combine(folder, CheckpointFiles.IndexFile);
            if (shards.Count == 1)
            {
                SafeTensorsWriter.Save(single, state, metadata);
                File.Delete(index);
                RemoveStaleShards(folder, []);
            }
            else
            {
                var weightMap = new JsonObject();
                var files = new List<string>();
                for (var i = 0; i < shards.Count; i++)
                {
                    var file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
                    files.Add(file);
                    SafeTensorsWriter.Save(Path.Combine(folder, file), shards[i].ToDictionary(n => n, n => state[n]), metadata);
                    foreach (var n in shards[i]) weightMap[n] = file;
                }
                var total = state.Values.Sum(t => t.numel() * t.element_size());
                var indexJson = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = weightMap };
                WriteAtomically(index, indexJson.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                File.Delete(single);
                RemoveStaleShards(folder, files);
            }
            WriteAtomically(Path.Combine(folder, ConfigFile), SavedConfig(model).ToJsonString());
        }
    }

    /// <summary>Shards of an earlier save into the same folder would otherwise sit beside the new files.</summary>
    private static void RemoveStaleShards(string folder, IReadOnlyCollection<string> keep)
    {
        foreach (var path in Directory.GetFiles(folder, "model-*-of-*.safetensors"))
            if (!keep.Contains(Path.GetFileName(path))) File.Delete(path);
    }

    private static List<List<string>> PlanShards(List<string> names, Dictionary<string, Tensor> state, long maxShardBytes)
    {
        var shards = new List<List<string>> { new() };
        long size = 0;
        foreach (var name in names)
        {
            var bytes = state[name].numel() * state[name].element_size();
            if (size > 0 && size + bytes > maxShardBytes)
            {
                shards.Add(new List<string>());
                size = 0;
            }
            shards[^1].Add(name);
            size += bytes;
        }
        return shards;
    }

    private static HfConfig SavedConfig(TransformerModel model)
    {
        var config = model.Config.Clone();
        config.Json["architectures"] = new JsonArray(model.Architecture);
        config.Json["torch_dtype"] = model.dtype switch
        {
            ScalarType.BFloat16 => "bfloat16",
            ScalarType.Float16 => "float16",
            ScalarType.Float64 => "float64",
            _ => "float32",
        };
        if (model is SequenceClassifier classifier && config.NumLabels != classifier.NumLabels)
        {
            var id2label = new JsonObject();
            var label2id = new JsonObject();
            for (var i = 0; i < classifier.NumLabels; i++)
            {
                id2label[i.ToString()] = $"LABEL_{i}";
                label2id[$"LABEL_{i}"] = i;
            }
            config.Json["id2label"] = id2label;
            config.Json["label2id"] = label2id;
            config.Json.Remove("num_labels");
        }
        if (model is CausalLanguageModel lm && model.ModelType != "gpt2") config.Json["tie_word_embeddings"] = lm.Tied;
        return config;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
