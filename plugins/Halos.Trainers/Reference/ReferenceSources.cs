using System.Runtime.CompilerServices;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;

namespace Halos.Trainers.Reference;

/// <summary>
/// The reference strategy of each run, keyed by the run's <see cref="TrainingModules"/> (a trainer plugin is one
/// instance shared by every run of the process): what <see cref="ReferencePrecomputation"/> registered, or else the
/// frozen reference module, or else the policy with its LoRA adapters off.
/// </summary>
public static class ReferenceSources
{
    private static readonly ConditionalWeakTable<TrainingModules, IReferenceLogProbs> Registered = new();

    public static void Register(TrainingModules modules, IReferenceLogProbs source) => Registered.AddOrUpdate(modules, source);

    public static IReferenceLogProbs For(TrainingModules modules, ILossFunction loss) =>
        Registered.TryGetValue(modules, out var source) ? source : Live(modules, loss);

    /// <summary>
    /// The reference computed on every call: the frozen reference module, or, in a LoRA run that built none
    /// (<c>Training:Reference=lora-base</c>), the policy with its adapters off. Null when the run has neither.
    /// </summary>
    public static IReferenceLogProbs? LiveOrNull(TrainingModules modules)
    {
        if (modules.Reference is { } reference) return new FrozenReference(reference, modules.Device);
        return modules.Policy is IAdapterSwitch { HasAdapters: true } adapters ? new LoraBaseReference(modules.Policy, adapters, modules.Device) : null;
    }

    private static IReferenceLogProbs Live(TrainingModules modules, ILossFunction loss) =>
        LiveOrNull(modules) ?? throw new InvalidOperationException(
            $"loss '{loss.Name}' uses a reference model, but the run has none; the loop builds one when the loss declares UsesReference()");
}
