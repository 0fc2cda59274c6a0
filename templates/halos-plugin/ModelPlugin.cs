using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Abstractions.Plugins;
using Halos.Torch;
using Halos.Torch.NN;
using Halos.Torch.SafeTensors;

namespace HalosPlugin;

/// <summary>
/// The model plugin "my-plugin": a byte-level next-token model (embedding, a tanh layer, the vocabulary head), built
/// from scratch with <c>--Model:Plugin=my-plugin --Model:Architecture=my-plugin</c> (width from
/// <c>Model:Options:Width</c>) or loaded from a folder it saved (config.json and model.safetensors). Replace the
/// model with yours: the trainers need <see cref="ICausalLanguageModel"/> (logits over the vocabulary).
/// </summary>
public sealed class ModelPlugin : IModelPlugin, IConfigurablePlugin
{
    public string Name => "my-plugin";

    public string Description => "A byte-level next-token model";

    /// <summary>The host checks <c>Model:Options</c> against this class at start-up.</summary>
    public Type OptionsType => typeof(ModelPluginOptions);

    /// <summary>For each run: a builder with the run's settings, bound and checked by the host.</summary>
    public IModelBuilder CreateModels(PluginContext context) => new ByteModelBuilder(Name, context.OptionsAs<ModelPluginOptions>());
}

/// <summary>One run's model builder.</summary>
public sealed class ByteModelBuilder(string name, ModelPluginOptions options) : IModelBuilder
{
    public Module Build(ModelSpec spec, ModelRole role)
    {
        var width = options.Width;
        if (spec.Checkpoint is { } folder)
            width = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json"))).RootElement.GetProperty("hidden_size").GetInt32();
        else if (spec.Architecture != name)
            throw new ModelSpecException($"{spec}: plugin '{name}' builds Model:Architecture={name}, or loads a folder it saved");
        var model = new ByteModel(ByteTokenizer.Size, width);
        if (spec.Checkpoint is { } saved)
        {
            using var file = SafeTensorsFile.Open(Path.Combine(saved, "model.safetensors"));
            var tensors = file.LoadAll();
            model.load_state_dict(tensors);
            foreach (var t in tensors.Values) t.Dispose();
        }
        model.to(spec.Device, spec.DType);
        if (role == ModelRole.Reference)
        {
            model.eval();
            model.requires_grad_(false);
        }
        return model;
    }

    public ITokenizer LoadTokenizer(ModelSpec spec) => new ByteTokenizer();

    public void SavePretrained(Module module, ModelSpec spec, string directory)
    {
        var model = (ByteModel)module;
        PretrainedFolder.WriteWeights(model, directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model_type"] = name, ["vocab_size"] = ByteTokenizer.Size, ["hidden_size"] = model.Width,
        }));
    }
}

/// <summary>The plugin's settings, <c>Model:Options:*</c>.</summary>
public sealed class ModelPluginOptions
{
    [System.ComponentModel.DataAnnotations.Range(1, 4096)]
    public int Width { get; set; } = 32;
}

/// <summary>Each position predicts the next byte from its own byte.</summary>
public sealed class ByteModel : Module, ICausalLanguageModel
{
    public ByteModel(int vocab, int width)
    {
        Width = width;
        Embed = RegisterModule("embed", new Embedding(vocab, width));
        Hidden = RegisterModule("hidden", new Linear(width, width));
        Head = RegisterModule("head", new Linear(width, vocab));
    }

    public int Width { get; }
    public Embedding Embed { get; }
    public Linear Hidden { get; }
    public Linear Head { get; }

    public Tensor Logits(Tensor inputIds, Tensor attentionMask) => Head.forward(F.tanh(Hidden.forward(Embed.forward(inputIds))));
}

/// <summary>UTF-8 bytes are ids 0..255; 256 ends a sequence, 257 pads. No chat template: give text prompts.</summary>
public sealed class ByteTokenizer : ITokenizer
{
    public const int Size = 258;
    public int VocabSize => Size;
    public int? BosTokenId => null;
    public int? EosTokenId => 256;
    public int? PadTokenId => 257;

    public int[] Encode(string text, bool addSpecialTokens = true) => System.Text.Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false) =>
        System.Text.Encoding.UTF8.GetString(ids.Where(i => i < 256).Select(i => (byte)i).ToArray());

    public string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        throw new InvalidOperationException("the byte tokenizer has no chat template; give text prompts");
}
