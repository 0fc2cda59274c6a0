using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Losses.Inputs;

/// <summary>How an input's elements are stored: log-probs and scores are floating point, masks bool.</summary>
public enum InputElement { Float, Bool }

/// <summary>
/// One named <see cref="LossInputs"/> tensor, as scripts, JSON inputs and synthetic inputs see it.
/// <paramref name="Shape"/> uses B (batch), T (tokens) and N (list length).
/// </summary>
public sealed record InputField(string Name, string Shape, InputElement Element, string Description, Func<LossInputs, Tensor?> Read)
{
    public bool IsPerToken => Shape == "[B, T]";
}
