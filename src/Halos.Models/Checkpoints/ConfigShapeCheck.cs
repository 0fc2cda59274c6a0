using Halos.Models.Configuration;

namespace Halos.Models.Checkpoints;

/// <summary>
/// Checks config.json against the shapes in the safetensors headers before the model is built. Building allocates
/// every tensor config.json describes, so a wrong or hostile size (<c>hidden_size=2147483648</c>) would otherwise
/// try to allocate terabytes before the first shape comparison. A few anchor tensors per family pin every size
/// config.json gives (vocabulary, width, MLP width, positions), and the layer indices in the tensor names pin the
/// depth; each mismatch names config.json, the key, the file and the tensor.
/// </summary>
internal static class ConfigShapeCheck
{
    private sealed record Anchor(string Tensor, (string Key, long Value)[] Dims);

    public static void Check(HfConfig config, CheckpointFiles files)
    {
        var (anchors, layerPrefix, layerKey) = Describe(config);
        var shapes = new Dictionary<string, (IReadOnlyList<long> Shape, string File)>(StringComparer.Ordinal);
        foreach (var shard in files.Shards)
        {
            using var file = HfCheckpoint.Open(shard);
            foreach (var name in file.Names) shapes[name] = (file.Info(name).Shape, shard);
        }
        foreach (var anchor in anchors)
        {
            if (!shapes.TryGetValue(anchor.Tensor, out var found)) continue;
            if (found.Shape.Count != anchor.Dims.Length)
                throw new CheckpointException(found.File, $"has {found.Shape.Count} dimensions; {config.Source} describes {anchor.Dims.Length}", anchor.Tensor);
            for (var i = 0; i < anchor.Dims.Length; i++)
            {
                var (key, value) = anchor.Dims[i];
                if (found.Shape[i] != value)
                    throw config.Invalid(key, $"{value} does not match the checkpoint: {found.File} holds '{anchor.Tensor}' with shape [{string.Join(", ", found.Shape)}], which needs {key} = {found.Shape[i]}");
            }
        }
        var layers = shapes.Keys.Select(name => LayerIndex(name, layerPrefix)).DefaultIfEmpty(-1).Max();
        var expected = config.Size(layerKey);
        if (layers >= 0 && layers + 1 != expected)
            throw config.Invalid(layerKey, $"{expected} does not match the checkpoint, which holds layers 0 to {layers} under '{layerPrefix}'");
    }

    private static (Anchor[] Anchors, string LayerPrefix, string LayerKey) Describe(HfConfig c)
    {
        (string, long) Size(string key) => (key, c.Size(key));
        switch (c.ModelType)
        {
            case "gpt2":
                {
                    var hidden = Size("n_embd");
                    var inner = ("n_inner", c.OptionalSize("n_inner") ?? 4 * hidden.Item2);
                    return ([
                        new("transformer.wte.weight", [Size("vocab_size"), hidden]),
                        new("transformer.wpe.weight", [Size("n_positions"), hidden]),
                        new("transformer.h.0.mlp.c_fc.weight", [hidden, inner]),
                    ], "transformer.h.", "n_layer");
                }
            case "llama" or "mistral" or "qwen2":
                return ([
                    new("model.embed_tokens.weight", [Size("vocab_size"), Size("hidden_size")]),
                    new("model.layers.0.mlp.gate_proj.weight", [Size("intermediate_size"), Size("hidden_size")]),
                ], "model.layers.", "num_hidden_layers");
            case "gpt_neox":
                return ([
                    new("gpt_neox.embed_in.weight", [Size("vocab_size"), Size("hidden_size")]),
                    new("gpt_neox.layers.0.mlp.dense_h_to_4h.weight", [Size("intermediate_size"), Size("hidden_size")]),
                ], "gpt_neox.layers.", "num_hidden_layers");
            case "bert" or "ernie":
                {
                    var body = c.ModelType;
                    return ([
                        new($"{body}.embeddings.word_embeddings.weight", [Size("vocab_size"), Size("hidden_size")]),
                        new($"{body}.embeddings.position_embeddings.weight", [Size("max_position_embeddings"), Size("hidden_size")]),
                        new($"{body}.encoder.layer.0.intermediate.dense.weight", [Size("intermediate_size"), Size("hidden_size")]),
                    ], $"{body}.encoder.layer.", "num_hidden_layers");
                }
            default:
                return ([], "\0", "num_hidden_layers"); // the catalog refuses the model_type with its own message
        }
    }

    /// <summary>N in <c>{prefix}N.rest</c>, or -1 for a tensor outside the layers.</summary>
    private static long LayerIndex(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return -1;
        var end = name.IndexOf('.', prefix.Length);
        return end > prefix.Length && long.TryParse(name.AsSpan(prefix.Length, end - prefix.Length), out var index) ? index : -1;
    }
}
