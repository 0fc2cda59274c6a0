namespace Halos.Abstractions.Models;

/// <summary>
/// A module whose trainable part is a set of adapters (LoRA) over frozen base weights. Switching the adapters off
/// turns the same module into its base model, which is how a LoRA run gets its reference model without a second
/// copy of the weights in memory (<c>Training:LoopOptions:Reference=lora-base</c>).
/// </summary>
public interface IAdapterSwitch
{
    /// <summary>True when adapters are attached.</summary>
    bool HasAdapters { get; }

    /// <summary>
    /// Until the returned scope is disposed the module computes its base model. Throws
    /// <see cref="InvalidOperationException"/> when that is not the base model (modules trained in full, PEFT's
    /// modules_to_save, keep their trained weights with the adapters off).
    /// </summary>
    IDisposable DisableAdapters();
}
