namespace Halos.Abstractions.Losses;

/// <summary>
/// Declares a <see cref="LossInputs"/> property as a loss input: its shape (B batch, T tokens, N list length), whether
/// it is a mask (bool) or floating point, what it means, and which data kinds' trainers provide it. This declaration is
/// the only list of inputs: <see cref="InputCatalog"/> reads it, and through it the script API's error messages,
/// <c>halos loss eval</c>'s JSON reader, <c>halos loss check</c>'s synthetic inputs, the builder and the cross-rank
/// gather. Adding an input is one such property plus the trainer code that computes it (and, for scripts, its
/// one-line getter in <c>LossScriptGlobals.Inputs.cs</c>, which a test holds to this list).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LossInputAttribute(string shape, string description, params DataKind[] providedBy) : Attribute
{
    public string Shape { get; } = shape;

    public string Description { get; } = description;

    public IReadOnlyList<DataKind> ProvidedBy { get; } = providedBy;

    /// <summary>A bool tensor (a mask or a flag per example) rather than floating point.</summary>
    public bool IsMask { get; init; }

    /// <summary>
    /// Describes the whole training microbatch rather than one example: in data-parallel training the loop gathers it
    /// from every rank (detached) before the loss runs, so a statistic over it is the global one.
    /// </summary>
    public bool GatheredAcrossRanks { get; init; }
}
