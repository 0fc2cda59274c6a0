using System.Text.Json.Nodes;
using Halos.Abstractions.Models;
using Halos.Abstractions.Plugins;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Models.Lora;
using Halos.Torch.NN;
using Microsoft.Extensions.Configuration;

namespace Halos.Models.Plugin;

/// <summary>
/// What the built-in model plugin "transformers" builds with, for one run: Hugging Face checkpoints (GPT-2, Llama, Mistral, Qwen2,
/// GPT-NeoX, BERT, ERNIE) or those architectures built from scratch.
/// Its options (<c>Model:Options:*</c>): <c>GradientCheckpointing</c> (false), <c>KeepDropout</c>
/// (false), and, to build from scratch, <c>Config:*</c>: the config.json keys of the architecture.
/// LoRA adapters come from the spec's <c>Model:Lora</c> section (<see cref="LoraSettings.FromConfiguration"/>) for the
/// policy and a trained reward model, never for a reference.
/// </summary>
public sealed class TransformersModelBuilder : IModelBuilder
{
    public Module Build(ModelSpec spec, ModelRole role)
    {
        TransformersPluginOptions own;
        try
        {
            own = Halos.Abstractions.Options.SectionBinder.Bind<TransformersPluginOptions>(spec.Options);
        }
        catch (InvalidOperationException e)
        {
            throw new ModelSpecException($"{spec}: {e.Message}", e);
        }
        var options = new ModelOptions
        {
            Kind = role == ModelRole.Reward ? ModelKind.SequenceClassifier : ModelKind.CausalLM,
            DType = spec.DType,
            Device = spec.Device,
            KeepDropout = own.KeepDropout,
            GradientCheckpointing = own.GradientCheckpointing,
            NumLabels = role == ModelRole.Reward ? 1 : null,
        };
        TransformerModel model;
        try
        {
            model = spec.Checkpoint is { } folder ? FromCheckpoint(folder, spec, options) : FromScratch(spec, options);
        }
        catch (Exception e) when (e is ModelConfigException or CheckpointException or ArgumentException)
        {
            throw new ModelSpecException($"{spec}: {e.Message}", e);
        }
        if (role != ModelRole.Reference && spec.Lora is not null) AttachLora(model, spec, role);
        if (role == ModelRole.Reference)
        {
            model.eval();
            model.requires_grad_(false);
        }
        else
        {
            model.train();
        }
        return model;
    }

    /// <summary>
    /// LoRA from <c>Model:Lora</c>; without TargetModules, PEFT's default for the model type. A reward model's score head is new and must learn, so, as PEFT does for SEQ_CLS,
    /// it is trained in full (modules_to_save) unless <c>Model:Lora:ModulesToSave</c> says otherwise.
    /// </summary>
    private static void AttachLora(TransformerModel model, ModelSpec spec, ModelRole role)
    {
        try
        {
            var settings = LoraSettings.FromConfiguration(spec.Lora);
            if (settings is null) return;
            if (spec.Lora!.GetSection("TargetModules") is { Value: null } targets && !targets.GetChildren().Any())
                settings = settings with { TargetModules = LoraTargets.DefaultFor(model.ModelType) };
            if (role == ModelRole.Reward && settings.ModulesToSave.Count == 0)
                settings = settings with { ModulesToSave = model.named_children().Select(c => c.name).Where(n => n is "score" or "classifier").ToList() };
            LoraModel.Apply(model, settings);
        }
        catch (ArgumentException e)
        {
            model.Dispose();
            throw new ModelSpecException($"{spec}: {e.Message}", e);
        }
    }

    private static TransformerModel FromCheckpoint(string folder, ModelSpec spec, ModelOptions options)
    {
        if (spec.Architecture is { } architecture)
        {
            var config = HfConfig.Load(Path.Combine(folder, HfCheckpoint.ConfigFile));
            if (config.ModelType != architecture)
                throw new ModelSpecException($"{spec}: Model:Architecture '{architecture}' disagrees with {config.Source}'s model_type '{config.ModelType}'");
        }
        // A reward model may start from a checkpoint with another head (a causal LM, BERT's
        // pre-training heads): its new score head may then be missing, and the other head's
        // tensors are ignored. Anything amiss inside the shared body is still an error.
        var model = HfCheckpoint.Load(folder, options, strict: false, out var report);
        var reward = model.Kind == ModelKind.SequenceClassifier;
        var newHead = reward ? new[] { "score.weight", "classifier.weight", "classifier.bias" } : [];
        var bodies = model.named_children().Select(c => c.name + ".").Where(prefix => !newHead.Any(h => h.StartsWith(prefix))).ToList();
        var missing = report.Missing.Where(n => !newHead.Contains(n)).ToList();
        var unexpected = report.Unexpected.Where(n => !reward || bodies.Any(n.StartsWith)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            model.Dispose();
            throw new CheckpointException(folder,
                $"the weights do not fit {model.Architecture}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]",
                missing.Concat(unexpected).First());
        }
        return model;
    }

    private static TransformerModel FromScratch(ModelSpec spec, ModelOptions options)
    {
        var architecture = spec.Architecture ?? throw new ModelSpecException("a model needs Model:Checkpoint or Model:Architecture");
        if (!ArchitectureCatalog.ModelTypes.Contains(architecture))
            throw new ModelSpecException($"Model:Architecture '{architecture}' is not supported; expected one of {string.Join(", ", ArchitectureCatalog.ModelTypes)}");
        var json = new JsonObject { ["model_type"] = architecture };
        foreach (var entry in spec.Options.GetSection("Config").GetChildren())
            json[entry.Key] = ConfigValue(entry);
        var model = ArchitectureCatalog.Create(new HfConfig(json, "Model:Options:Config"), options);
        model.to(options.Device, options.DType);
        return model;
    }

    /// <summary>Configuration values are strings; config.json wants numbers, booleans and objects.</summary>
    private static JsonNode? ConfigValue(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count > 0)
        {
            var obj = new JsonObject();
            foreach (var child in children) obj[child.Key] = ConfigValue(child);
            return obj;
        }
        var text = section.Value;
        if (text is null) return null;
        if (long.TryParse(text, out var l)) return l;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)) return d;
        if (bool.TryParse(text, out var b)) return b;
        return text;
    }

    public ITokenizer LoadTokenizer(ModelSpec spec)
    {
        var folder = spec.Checkpoint ?? throw new ModelSpecException($"{spec}: a tokenizer comes from a checkpoint folder's tokenizer files; set Model:Checkpoint");
        try
        {
            return Halos.Data.Tokenization.HuggingFaceTokenizer.Load(folder);
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new ModelSpecException($"{spec}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes the model's own config.json (<see cref="HfCheckpoint.Save"/>), not the starting checkpoint's: a reward model
    /// started from a causal LM, or an architecture built from scratch, must describe itself. A LoRA model is saved
    /// merged, with its adapters in PEFT's layout under <c>adapter/</c>. Tokenizer and generation files are copied from
    /// the starting checkpoint.
    /// </summary>
    public void SavePretrained(Module module, ModelSpec spec, string directory)
    {
        if (module is not TransformerModel model)
        {
            PretrainedFolder.Write(module, spec, directory);
            return;
        }
        if (LoraModel.Of(model) is { } lora) LoraCheckpoint.Save(lora, directory, spec.Checkpoint);
        else HfCheckpoint.Save(model, directory);
        if (spec.Checkpoint is not { } checkpoint || !Directory.Exists(checkpoint)) return;
        foreach (var name in PretrainedFolder.CompanionFiles.Where(n => n != HfCheckpoint.ConfigFile))
        {
            var source = Path.Combine(checkpoint, name);
            if (File.Exists(source)) File.Copy(source, Path.Combine(directory, name), overwrite: true);
        }
    }
}
