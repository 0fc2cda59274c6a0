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

    /// <summary>The running statistics the loss keeps across microbatches, by name (empty for a stateless loss).</summary>
    IReadOnlyDictionary<string, RunningMeanState> State => new Dictionary<string, RunningMeanState>();

    /// <summary>Puts back statistics <see cref="State"/> returned (from a checkpoint); names the loss does not know are an error.</summary>
    void RestoreState(IReadOnlyDictionary<string, RunningMeanState> state)
    {
        if (state.Count > 0)
            throw new InvalidOperationException($"loss '{Name}' keeps no running state, but the checkpoint holds {string.Join(", ", state.Keys)}");
    }
}
