using System.Text.Json;
using Halos.Abstractions.Models;
using Halos.Torch;
using Halos.Torch.NN;
using Halos.Torch.SafeTensors;

namespace Halos.Training.Tests.Support;

/// <summary>
/// Model plugin "tiny-mlp": builds <see cref="TinyLanguageModel"/> from scratch (architecture "tiny-mlp",
/// Model:Options:Width and :Dropout) or from a folder it saved (config.json + model.safetensors). It records
/// the logits of a probe input at every save, so tests can check a checkpoint reloads to the same outputs.
/// </summary>
public sealed class TinyModelPlugin : IModelPlugin, IModelBuilder
{
    public IModelBuilder CreateModels(Halos.Abstractions.Plugins.PluginContext context) => this;
    public string Name => "tiny-mlp";

    /// <summary>The probe batch: every token once, at two lengths of padding.</summary>
    public static Tensor ProbeIds() => torch.tensor(Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), 2, 6);

    public Dictionary<string, float[]> ProbeLogitsAtSave { get; } = new();

    public Module Build(ModelSpec spec, ModelRole role)
    {
        int width = 16;
        double dropout = 0;
        if (spec.Checkpoint is { } folder)
        {
            var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json"))).RootElement;
            width = config.GetProperty("hidden_size").GetInt32();
            dropout = config.GetProperty("dropout").GetDouble();
        }
        else
        {
            if (spec.Options["Width"] is { } w) width = int.Parse(w);
            if (spec.Options["Dropout"] is { } d) dropout = double.Parse(d, System.Globalization.CultureInfo.InvariantCulture);
        }
        var model = new TinyLanguageModel(12, width, dropout);
        if (spec.Checkpoint is { } saved)
        {
            using var file = SafeTensorsFile.Open(Path.Combine(saved, "model.safetensors"));
            var tensors = file.LoadAll();
            model.load_state_dict(tensors);
            foreach (var t in tensors.Values) t.Dispose();
        }
        if (role == ModelRole.Reference)
        {
            model.eval();
            model.requires_grad_(false);
        }
        return model;
    }

    public ITokenizer LoadTokenizer(ModelSpec spec) => new DigitTokenizer();

    public void SavePretrained(Module module, ModelSpec spec, string directory)
    {
        var model = (TinyLanguageModel)module;
        PretrainedFolder.WriteWeights(model, directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model_type"] = "tiny-mlp", ["vocab_size"] = model.Vocab, ["hidden_size"] = model.Width, ["dropout"] = model.DropoutRate,
        }));
        ProbeLogitsAtSave[Path.GetFileName(directory.TrimEnd('/')).Split(".partial-")[0].TrimStart('.')] = ProbeLogits(model);
    }

    /// <summary>The model's logits for <see cref="ProbeIds"/>, in eval mode.</summary>
    public static float[] ProbeLogits(TinyLanguageModel model)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var wasTraining = model.training;
        model.eval();
        var ids = ProbeIds();
        var logits = model.Logits(ids, torch.ones_like(ids)).data<float>();
        model.train(wasTraining);
        return logits;
    }
}
