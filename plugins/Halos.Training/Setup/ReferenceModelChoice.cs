using Halos.Abstractions.Running;

namespace Halos.Training.Setup;

/// <summary>
/// Whether a run that needs a reference builds a second model for it. A LoRA run does not: its reference is the
/// policy with the adapters switched off (<c>Training:LoopOptions:Reference=lora-base</c>, the default for LoRA runs whose
/// <c>Model:ReferenceCheckpoint</c> is unset; precomputed reference log-probs are computed from it too), which the
/// trainer finds on the policy module itself.
/// </summary>
public static class ReferenceModelChoice
{
    public static bool HasLora(RunPlan plan) => plan.Model.Lora?.GetChildren().Any() == true;

    /// <summary>True when the reference is the adapters-off policy. Throws when lora-base is asked for without LoRA.</summary>
    public static bool IsLoraBase(RunPlan plan, StandardLoopOptions loop)
    {
        var setting = loop.Reference;
        if (string.Equals(setting, "lora-base", StringComparison.OrdinalIgnoreCase))
        {
            if (!HasLora(plan))
                throw new InvalidOperationException("Training:LoopOptions:Reference=lora-base: the policy has no adapters to switch off; set Model:Lora (e.g. Model:Lora:Rank=8), or Training:LoopOptions:Reference=live");
            return true;
        }
        // live and precomputed both compute from the adapters-off policy when no other reference is named.
        return HasLora(plan) && string.IsNullOrWhiteSpace(plan.Model.ReferenceCheckpoint);
    }
}
