using System.Text.Json;
using System.Text.Json.Nodes;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Torch;
using Halos.Torch.SafeTensors;

namespace Halos.Models.Lora;

/// <summary>
/// LoRA adapters in PEFT's layout, so <c>PeftModel.from_pretrained</c> loads ours and we load its:
/// <c>adapter_config.json</c> and <c>adapter_model.safetensors</c>. PEFT's <c>get_peft_model_state_dict</c> names an
/// adapter tensor <c>base_model.model.{module}.lora_A.weight</c> (the adapter name "default" removed), and a
/// modules_to_save tensor <c>base_model.model.{module}.{param}</c> (the <c>modules_to_save.default</c> infix removed;
/// PEFT puts it back on load).
/// </summary>
public static class PeftAdapterFolder
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";
    public const string Prefix = "base_model.model.";

    /// <summary>The adapter file's tensors by PEFT name, sharing storage with the live parameters (the caller disposes them).</summary>
    public static Dictionary<string, Tensor> TensorsOf(LoraModel lora)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, projection) in lora.Adapted)
        {
            var adapter = LoraModel.AdapterOf(projection);
            tensors[$"{Prefix}{name}.lora_A.weight"] = adapter.lora_A.weight.detach();
            tensors[$"{Prefix}{name}.lora_B.weight"] = adapter.lora_B.weight.detach();
        }
        foreach (var (name, module) in lora.SavedInFull)
            foreach (var (n, p) in module.named_parameters())
                tensors[$"{Prefix}{name}.{n}"] = p.detach();
        return tensors;
    }

    /// <summary>adapter_config.json as PEFT writes it for these settings.</summary>
    public static JsonObject ConfigOf(LoraModel lora, string? baseModelNameOrPath)
    {
        var settings = lora.Settings;
        // PEFT expands all-linear to the leaf names it found before saving.
        var targets = settings.TargetsAllLinear
            ? lora.Adapted.Select(a => a.name.Split('.')[^1]).Distinct().Order(StringComparer.Ordinal).ToList()
            : settings.TargetModules.ToList();
        return new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = lora.Model.Kind == ModelKind.CausalLM ? "CAUSAL_LM" : "SEQ_CLS",
            ["base_model_name_or_path"] = baseModelNameOrPath,
            ["r"] = settings.Rank,
            ["lora_alpha"] = settings.Alpha,
            ["lora_dropout"] = settings.Dropout,
            ["target_modules"] = new JsonArray(targets.Select(t => (JsonNode)t).ToArray()),
            ["modules_to_save"] = settings.ModulesToSave.Count == 0 ? null : new JsonArray(settings.ModulesToSave.Select(t => (JsonNode)t).ToArray()),
            ["bias"] = "none",
            ["fan_in_fan_out"] = lora.Adapted.Any(a => a.projection.FanInFanOut),
            ["use_rslora"] = settings.UseRsLora,
            ["use_dora"] = false,
            ["init_lora_weights"] = true,
            ["inference_mode"] = true,
            ["rank_pattern"] = new JsonObject(),
            ["alpha_pattern"] = new JsonObject(),
            ["layers_to_transform"] = null,
            ["layers_pattern"] = null,
            ["revision"] = null,
        };
    }

    public static void Save(LoraModel lora, string folder, string? baseModelNameOrPath = null)
    {
        Directory.CreateDirectory(folder);
        var tensors = TensorsOf(lora);
        try
        {
            SafeTensorsWriter.Save(Path.Combine(folder, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
        var configPath = Path.Combine(folder, ConfigFile);
        var temporary = configPath + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, ConfigOf(lora, baseModelNameOrPath).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, configPath, overwrite: true);
    }

    /// <summary>Reads adapter_config.json. Throws <see cref="CheckpointException"/> naming the file and key for what it cannot honour.</summary>
    public static LoraSettings ReadSettings(string folder)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path)) throw new CheckpointException(path, "no such file; a PEFT adapter folder holds adapter_config.json and adapter_model.safetensors");
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"not valid JSON: {e.Message}", inner: e);
        }
        string Text(string key) => json[key]?.GetValue<string>() ?? "";
        if (Text("peft_type") != "LORA") throw new CheckpointException(path, $"peft_type is '{Text("peft_type")}', expected 'LORA'");
        if (json["bias"] is not null && Text("bias") != "none") throw new CheckpointException(path, $"bias is '{Text("bias")}'; only 'none' is supported");
        if (json["use_dora"]?.GetValue<bool>() == true) throw new CheckpointException(path, "use_dora is true; DoRA adapters are not supported");
        foreach (var key in new[] { "rank_pattern", "alpha_pattern" })
            if (json[key] is JsonObject pattern && pattern.Count > 0)
                throw new CheckpointException(path, $"{key} is set; per-module ranks and alphas are not supported");
        if (json["layers_to_transform"] is not null && json["layers_to_transform"]!.GetValueKind() != JsonValueKind.Null)
            throw new CheckpointException(path, "layers_to_transform is set; adapting only some layers is not supported");

        var targets = json["target_modules"] switch
        {
            JsonArray array => array.Select(n => n!.GetValue<string>()).ToList(),
            JsonValue value when value.GetValue<string>() == LoraSettings.AllLinear => [LoraSettings.AllLinear],
            // A string other than all-linear is a regular expression in PEFT; not supported here.
            var other => throw new CheckpointException(path, $"target_modules is {other?.ToJsonString() ?? "missing"}; expected a list of module names or \"{LoraSettings.AllLinear}\""),
        };
        try
        {
            return new LoraSettings
            {
                Rank = json["r"]?.GetValue<int>() ?? throw new CheckpointException(path, "r is missing"),
                Alpha = json["lora_alpha"]?.GetValue<double>() ?? 8,
                Dropout = json["lora_dropout"]?.GetValue<double>() ?? 0,
                UseRsLora = json["use_rslora"]?.GetValue<bool>() ?? false,
                TargetModules = targets,
                ModulesToSave = json["modules_to_save"] is JsonArray saved ? saved.Select(n => n!.GetValue<string>()).ToList() : [],
            }.Validated(path);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new CheckpointException(path, $"a field has the wrong type: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// Attaches the adapters of <paramref name="folder"/> to <paramref name="model"/> (a freshly loaded base model) and
    /// loads their weights. Every tensor of the file must land, and every adapter must be in the file; otherwise a
    /// <see cref="CheckpointException"/> names the tensor.
    /// </summary>
    public static LoraModel Load(TransformerModel model, string folder)
    {
        var settings = ReadSettings(folder);
        var weightsPath = Path.Combine(folder, WeightsFile);
        if (!File.Exists(weightsPath)) throw new CheckpointException(weightsPath, "no such file; the adapter weights are missing");
        LoraModel lora;
        try
        {
            lora = LoraModel.Apply(model, settings, Path.Combine(folder, ConfigFile));
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(Path.Combine(folder, ConfigFile), e.Message, inner: e);
        }
        using var file = SafeTensorsFile.Open(weightsPath);
        var targets = TensorsOf(lora);
        try
        {
            var unexpected = file.Names.Where(n => !targets.ContainsKey(n)).ToList();
            if (unexpected.Count > 0) throw new CheckpointException(weightsPath, $"matches no adapter or module_to_save of {model.Architecture}", unexpected[0]);
            using var noGrad = torch.no_grad();
            foreach (var (name, target) in targets)
            {
                if (!file.Contains(name)) throw new CheckpointException(weightsPath, "missing from the adapter file", name);
                using var scope = torch.NewDisposeScope();
                var source = file.Load(name);
                if (!source.shape.SequenceEqual(target.shape))
                    throw new CheckpointException(weightsPath,
                        $"has shape [{string.Join(", ", source.shape)}], the model expects [{string.Join(", ", target.shape)}] (r = {settings.Rank})", name);
                target.copy_(source.to(target.device, target.dtype));
            }
        }
        finally
        {
            foreach (var t in targets.Values) t.Dispose();
        }
        return lora;
    }
}
