using System.Runtime.CompilerServices;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;

namespace Halos.Trainers.Reference;

/// <summary>
/// The reference strategy of each run, keyed by the run's <see cref="TrainingModules"/> (a trainer plugin is one
/// instance shared by every run of the process): what <see cref="ReferencePrecomputation"/> registered, or else the
/// frozen reference module.
/// </summary>
public static class ReferenceSources
{
    private static readonly ConditionalWeakTable<TrainingModules, IReferenceLogProbs> Registered = new();

    public static void Register(TrainingModules modules, IReferenceLogProbs source) => Registered.AddOrUpdate(modules, source);

    public static IReferenceLogProbs For(TrainingModules modules, ILossFunction loss)
    {
        if (Registered.TryGetValue(modules, out var source)) return source;
        return modules.Reference is { } reference
            ? new FrozenReference(reference, modules.Device)
            : throw new InvalidOperationException(
                $"loss '{loss.Name}' uses a reference model, but the run has none; the loop builds one when the loss declares UsesReference()");
    }
}
