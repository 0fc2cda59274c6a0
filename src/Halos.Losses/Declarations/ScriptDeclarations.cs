using Halos.Abstractions.Losses;

namespace Halos.Losses.Declarations;

/// <summary>
/// What a loss script declares, read from its source at compile time (so listing or configuring
/// a script never runs it): the data it consumes, whether it needs a reference model, its
/// hyperparameters, and the inputs it reads.
/// </summary>
public sealed record ScriptDeclarations(DataKind Kind, bool NeedsReference, IReadOnlyList<HyperParameter> Parameters, IReadOnlyList<string> Inputs)
{
    public HyperParameter? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}
