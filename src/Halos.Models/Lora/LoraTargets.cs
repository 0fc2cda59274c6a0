using Halos.Models.Architectures;
using Halos.Models.Layers;
using Halos.Torch.NN;

namespace Halos.Models.Lora;

/// <summary>
/// Which modules a LoRA run adapts or trains in full, by PEFT's rules: a module matches a name when its full name
/// equals it or ends with "." + it (<c>q_proj</c> matches <c>model.layers.3.self_attn.q_proj</c>); <c>all-linear</c>
/// is every projection except the output layer (the LM head, or a classifier's score head), whose weights PEFT
/// leaves alone because they are tied to the embeddings or are trained in full as modules_to_save.
/// </summary>
public static class LoraTargets
{
    /// <summary>The top-level names the architectures give their output layer.</summary>
    private static readonly HashSet<string> OutputLayers = ["lm_head", "embed_out", "score", "classifier"];

    /// <summary>PEFT's default target_modules per model_type, used when none are given (the attention's query and value).</summary>
    public static IReadOnlyList<string> DefaultFor(string modelType) => modelType switch
    {
        "gpt2" => ["c_attn"],
        "gpt_neox" => ["query_key_value"],
        "phi3" => ["qkv_proj"],
        "bert" or "ernie" => ["query", "value"],
        "deberta-v2" => ["query_proj", "value_proj"],
        _ => ["q_proj", "v_proj"],  // llama, mistral, qwen2, qwen3, gemma2
    };

    public static bool Matches(string moduleName, string target) =>
        moduleName == target || moduleName.EndsWith("." + target, StringComparison.Ordinal);

    /// <summary>The projections to adapt, by full module name. Throws <see cref="ArgumentException"/> when a named target matches nothing.</summary>
    public static IReadOnlyList<(string name, Projection projection)> Adapted(TransformerModel model, LoraSettings settings, string source)
    {
        var projections = model.named_modules()
            .Where(m => m.module is Projection)
            .Select(m => (m.name, projection: (Projection)m.module))
            .Where(m => !settings.ModulesToSave.Any(s => Matches(m.name, s) || m.name.StartsWith(s + ".", StringComparison.Ordinal)))
            .ToList();
        if (settings.TargetsAllLinear) return projections.Where(p => !OutputLayers.Contains(p.name)).ToList();

        var unmatched = settings.TargetModules.Where(t => !projections.Any(p => Matches(p.name, t))).ToList();
        if (unmatched.Count > 0)
            throw new ArgumentException(
                $"{source}: target module(s) {string.Join(", ", unmatched)} match no linear layer of {model.Architecture}; " +
                $"its linear layers are named {string.Join(", ", projections.Select(p => p.name.Split('.')[^1]).Distinct())} (or use {LoraSettings.AllLinear})");
        return projections.Where(p => settings.TargetModules.Any(t => Matches(p.name, t))).ToList();
    }

    /// <summary>The modules trained in full, by full module name. Throws <see cref="ArgumentException"/> when a name matches nothing.</summary>
    public static IReadOnlyList<(string name, Module module)> SavedInFull(TransformerModel model, LoraSettings settings, string source)
    {
        var modules = model.named_modules().Where(m => m.name.Length > 0).ToList();
        var result = new List<(string, Module)>();
        foreach (var wanted in settings.ModulesToSave)
        {
            var found = modules.Where(m => Matches(m.name, wanted)).ToList();
            if (found.Count == 0)
                throw new ArgumentException($"{source}: modules_to_save '{wanted}' matches no module of {model.Architecture}; " +
                                            $"its top-level modules are {string.Join(", ", model.named_children().Select(c => c.name))}");
            result.AddRange(found);
        }
        return result;
    }
}
