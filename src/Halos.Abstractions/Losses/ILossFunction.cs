namespace Halos.Abstractions.Losses;

/// <summary>
/// A loss as a trainer sees it: a compiled loss script, or a weighted combination of scripts.
/// <see cref="Inputs"/> lists the <see cref="LossInputs"/> properties the loss reads, so a trainer
/// can skip the forward passes (per-token log-probs, KL pairs, values) nobody will use.
/// </summary>
public interface ILossFunction
{
    string Name { get; }
    DataKind Kind { get; }
    bool NeedsReference { get; }
    IReadOnlyCollection<string> Inputs { get; }
    LossResult Compute(LossInputs inputs);
}
