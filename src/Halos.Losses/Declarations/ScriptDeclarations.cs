using Halos.Abstractions.Losses;

namespace Halos.Losses.Declarations;

/// <summary>
/// What a loss script declares, read from its source at compile time (so listing or configuring
/// a script never runs it): the data it consumes, whether it needs a reference model, its
/// hyperparameters, and the inputs it reads.
/// </summary>
public sealed record ScriptDeclarations(DataKind Kind, bool NeedsReference, IReadOnlyList<HyperParameter> Parameters, IReadOnlyList<string> Inputs)
{
    /// <summary>
    /// The number parameter named by <c>UsesReferenceUnlessZero("beta")</c>: the reference pass runs only when it is
    /// not 0 (GRPO's β = 0 trains without a reference model). Null when the reference is unconditional or unused.
    /// </summary>
    public string? ReferenceSwitch { get; init; }

    public HyperParameter? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}
