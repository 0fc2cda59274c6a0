using System.Reflection;
using Halos.Torch;

namespace Halos.Abstractions.Losses;

/// <summary>How an input's elements are stored: log-probs and scores are floating point, masks bool.</summary>
public enum InputElement { Float, Bool }

/// <summary>
/// One named <see cref="LossInputs"/> tensor, as its <see cref="LossInputAttribute"/> declares it: what scripts, JSON
/// inputs and synthetic inputs see. <see cref="Shape"/> uses B (batch), T (tokens) and N (list length).
/// </summary>
public sealed record InputField(string Name, string Shape, InputElement Element, string Description,
    IReadOnlyList<DataKind> ProvidedBy, bool GatheredAcrossRanks, PropertyInfo Property)
{
    // Read every step (cross-rank gather, result ownership): a compiled getter, not reflection.
    private readonly Func<LossInputs, Tensor?> _get = Property.GetMethod!.CreateDelegate<Func<LossInputs, Tensor?>>();

    public bool IsPerToken => Shape == "[B, T]";

    public Tensor? Read(LossInputs inputs) => _get(inputs);

    /// <summary>A copy of <paramref name="inputs"/> with this input set to <paramref name="value"/>.</summary>
    public LossInputs With(LossInputs inputs, Tensor? value)
    {
        var copy = inputs with { };
        Property.SetValue(copy, value);
        return copy;
    }
}
