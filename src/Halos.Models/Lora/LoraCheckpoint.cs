using Halos.Models.Checkpoints;

namespace Halos.Models.Lora;

/// <summary>
/// How a LoRA run's model is saved: merged (W + scaling·B·A in the base weights) as a plain Hugging Face checkpoint
/// that <c>from_pretrained</c> loads without PEFT, plus the adapters alone in PEFT's layout under
/// <see cref="AdapterFolder"/>. The adapters go in a subfolder because transformers treats a folder holding
/// adapter_config.json as an adapter to load onto its base model, not as the full model.
/// </summary>
public static class LoraCheckpoint
{
    public const string AdapterFolder = "adapter";

    public static void Save(LoraModel lora, string folder, string? baseModelNameOrPath)
    {
        var merged = lora.MergedStateDict();
        try
        {
            HfCheckpoint.Save(lora.Model, merged, folder);
        }
        finally
        {
            foreach (var t in merged.Values) t.Dispose();
        }
        PeftAdapterFolder.Save(lora, Path.Combine(folder, AdapterFolder), baseModelNameOrPath);
    }
}
