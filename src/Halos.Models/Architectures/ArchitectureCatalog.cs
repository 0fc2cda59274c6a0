using Halos.Models.Configuration;
using Halos.Models.Layers;

namespace Halos.Models.Architectures;

/// <summary>
/// Maps config.json's model_type (and its "architectures" entry, for the head) to the module
/// tree. The transformers class names are kept so a saved config.json loads back in Python.
/// </summary>
public static class ArchitectureCatalog
{
    /// <summary>A family of checkpoints: the transformers class prefix, the body's tensor-name
    /// prefix, the LM head's name, and how to build a decoder body (null for encoders); an encoder
    /// other than BERT's layout names its own classifier.</summary>
    private sealed record Family(string Prefix, string BodyName, string HeadName, Func<HfConfig, bool, DecoderStack>? Decoder,
        Func<HfConfig, bool, SequenceClassifier>? EncoderClassifier = null)
    {
        /// <summary>The config class's tie_word_embeddings default, for configs that leave it out.</summary>
        public bool TiedByDefault { get; init; }

        /// <summary>The causal LM's final-logit soft cap from the config (Gemma 2); none by default.</summary>
        public Func<HfConfig, double?> LogitSoftCap { get; init; } = _ => null;
    }

    private static readonly Dictionary<string, Family> Families = new()
    {
        ["gpt2"] = new("GPT2", "transformer", "lm_head", (c, d) => new Gpt2Model(c, d)) { TiedByDefault = true },
        ["llama"] = new("Llama", "model", "lm_head", (c, d) => new LlamaModel(c, d)),
        ["mistral"] = new("Mistral", "model", "lm_head", (c, d) => new LlamaModel(c, d)),
        ["qwen2"] = new("Qwen2", "model", "lm_head", (c, d) => new LlamaModel(c, d)),
        ["qwen3"] = new("Qwen3", "model", "lm_head", (c, d) => new LlamaModel(c, d)),
        ["phi3"] = new("Phi3", "model", "lm_head", (c, d) => new Phi3Model(c, d)),
        ["gemma2"] = new("Gemma2", "model", "lm_head", (c, d) => new Gemma2Model(c, d))
            { TiedByDefault = true, LogitSoftCap = Gemma2Config.FinalLogitSoftCapOf },
        ["gpt_neox"] = new("GPTNeoX", "gpt_neox", "embed_out", (c, d) => new GptNeoXModel(c, d)),
        ["bert"] = new("Bert", "bert", "", null),
        ["ernie"] = new("Ernie", "ernie", "", null),
        ["deberta-v2"] = new("DebertaV2", "deberta", "", null, (c, d) => new DebertaV2ForSequenceClassification(c, d)),
    };

    public static IReadOnlyCollection<string> ModelTypes => Families.Keys;

    /// <summary>
    /// Builds the module tree in <see cref="ModelOptions.DType"/> on the CPU. Without
    /// <paramref name="initialize"/> the projections hold uninitialised memory, for a loader
    /// that overwrites every tensor.
    /// </summary>
    public static TransformerModel Create(HfConfig config, ModelOptions? options = null, bool initialize = true)
    {
        options ??= ModelOptions.Default;
        using var construction = ModelConstruction.Begin(options.DType, skipInitialization: !initialize);
        var modelType = config.ModelType;
        if (!Families.TryGetValue(modelType, out var family))
            throw config.Invalid("model_type", $"unknown model_type '{modelType}'; supported: {string.Join(", ", Families.Keys)}");
        var kind = options.Kind ?? KindFromArchitectures(config, family);
        if (options.NumLabels is { } labels)
        {
            config = config.Clone();
            config.Json["num_labels"] = labels;
        }

        if (family.Decoder is null)
        {
            if (kind != ModelKind.SequenceClassifier)
                throw config.Invalid("architectures", $"{modelType} is an encoder: only sequence classification (a reward model) is supported, not a causal LM");
            return family.EncoderClassifier?.Invoke(config, options.KeepDropout)
                   ?? new BertForSequenceClassification(config, $"{family.Prefix}ForSequenceClassification", family.BodyName, options.KeepDropout);
        }

        var body = family.Decoder(config, options.KeepDropout);
        if (kind == ModelKind.SequenceClassifier)
            return new DecoderSequenceClassifier(config, $"{family.Prefix}ForSequenceClassification", family.BodyName, body, config.NumLabels)
                { GradientCheckpointing = options.GradientCheckpointing };
        var tied = config.Bool("tie_word_embeddings", family.TiedByDefault);
        var lmClass = modelType == "gpt2" ? "GPT2LMHeadModel" : $"{family.Prefix}ForCausalLM";
        return new CausalLanguageModel(config, lmClass, family.BodyName, body, family.HeadName, tied, family.LogitSoftCap(config) ?? 0)
            { GradientCheckpointing = options.GradientCheckpointing };
    }

    private static ModelKind KindFromArchitectures(HfConfig config, Family family)
    {
        var architecture = config.FirstArchitecture;
        if (architecture is null) return family.Decoder is null ? ModelKind.SequenceClassifier : ModelKind.CausalLM;
        if (architecture.EndsWith("ForSequenceClassification", StringComparison.Ordinal)) return ModelKind.SequenceClassifier;
        if (architecture.EndsWith("ForCausalLM", StringComparison.Ordinal) || architecture.EndsWith("LMHeadModel", StringComparison.Ordinal))
            return ModelKind.CausalLM;
        if (architecture.EndsWith("Model", StringComparison.Ordinal))
            return family.Decoder is null ? ModelKind.SequenceClassifier : ModelKind.CausalLM;
        throw config.Invalid("architectures", $"'{architecture}' is not a supported head; expected *ForCausalLM, *LMHeadModel or *ForSequenceClassification");
    }
}
