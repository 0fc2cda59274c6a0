using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;

namespace Halos.Trainers.Reference;

/// <summary>
/// The reference computed on every batch: the frozen reference module, or, in a LoRA run that built none
/// (<c>Training:LoopOptions:Reference=lora-base</c>), the policy with its adapters off. A trainer uses it unless it
/// precomputed the reference for its run (<see cref="ReferencePrecomputation"/>).
/// </summary>
public static class LiveReference
{
    /// <summary>The live reference of <paramref name="modules"/>, or null when the run has neither a reference module nor adapters.</summary>
    public static IReferenceLogProbs? OrNull(TrainingModules modules)
    {
        if (modules.Reference is { } reference) return new FrozenReference(reference, modules.Device);
        return modules.Policy is IAdapterSwitch { HasAdapters: true } adapters ? new LoraBaseReference(modules.Policy, adapters, modules.Device) : null;
    }

    public static IReferenceLogProbs For(TrainingModules modules, ILossFunction loss) =>
        OrNull(modules) ?? throw new InvalidOperationException(
            $"loss '{loss.Name}' uses a reference model, but the run has none; the loop builds one when the loss declares UsesReference()");
}
