namespace Halos.Abstractions.Losses;

/// <summary>
/// The shape of feedback a loss consumes. A trainer fills the <c>LossInputs</c> (Halos.Abstractions.Torch) fields that
/// belong to the kind the loss declares (see the remarks on each field).
/// </summary>
public enum DataKind
{
    /// <summary>One completion per prompt, trained by likelihood.</summary>
    Sft,
    /// <summary>A chosen and a rejected completion per prompt.</summary>
    Paired,
    /// <summary>One completion per prompt, labelled desirable or undesirable.</summary>
    Unpaired,
    /// <summary>A list of N responses per prompt, ordered best first.</summary>
    Ranked,
    /// <summary>Reward-model scores of a chosen and a rejected response.</summary>
    Scored,
    /// <summary>Groups of completions sampled for one prompt, each with a scalar reward.</summary>
    Grouped,
}
