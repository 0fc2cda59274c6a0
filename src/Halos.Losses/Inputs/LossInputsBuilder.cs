using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Losses.Inputs;

/// <summary>Builds <see cref="LossInputs"/> from tensors keyed by <see cref="InputCatalog"/> name.</summary>
public static class LossInputsBuilder
{
    public static LossInputs Build(IReadOnlyDictionary<string, Tensor> t, long groupSize = 0)
    {
        foreach (var name in t.Keys)
            if (InputCatalog.Find(name) is null)
                throw new ArgumentException($"'{name}' is not a loss input; known inputs: {string.Join(", ", InputCatalog.Fields.Select(f => f.Name))}, {InputCatalog.GroupSizeName}");
        Tensor? Get(string n) => t.GetValueOrDefault(n);
        return new LossInputs
        {
            PolicyChosen = Get("PolicyChosen"),
            PolicyRejected = Get("PolicyRejected"),
            ReferenceChosen = Get("ReferenceChosen"),
            ReferenceRejected = Get("ReferenceRejected"),
            PolicyChosenPerToken = Get("PolicyChosenPerToken"),
            PolicyRejectedPerToken = Get("PolicyRejectedPerToken"),
            ReferenceChosenPerToken = Get("ReferenceChosenPerToken"),
            ReferenceRejectedPerToken = Get("ReferenceRejectedPerToken"),
            ChosenMask = Get("ChosenMask"),
            RejectedMask = Get("RejectedMask"),
            ChosenLengths = Get("ChosenLengths"),
            RejectedLengths = Get("RejectedLengths"),
            Policy = Get("Policy"),
            Reference = Get("Reference"),
            PolicyPerToken = Get("PolicyPerToken"),
            ReferencePerToken = Get("ReferencePerToken"),
            Mask = Get("Mask"),
            Lengths = Get("Lengths"),
            PolicyKL = Get("PolicyKL"),
            ReferenceKL = Get("ReferenceKL"),
            Desirable = Get("Desirable"),
            RankedScores = Get("RankedScores"),
            RankedMask = Get("RankedMask"),
            ChosenScores = Get("ChosenScores"),
            RejectedScores = Get("RejectedScores"),
            Margin = Get("Margin"),
            OldPolicyPerToken = Get("OldPolicyPerToken"),
            Advantages = Get("Advantages"),
            Values = Get("Values"),
            Returns = Get("Returns"),
            Rewards = Get("Rewards"),
            GroupSize = groupSize,
        };
    }

    /// <summary>The tensors of <paramref name="inputs"/> by name (the inverse of <see cref="Build"/>).</summary>
    public static Dictionary<string, Tensor> ToDictionary(LossInputs inputs)
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var f in InputCatalog.Fields)
            if (f.Read(inputs) is { } t) d[f.Name] = t;
        return d;
    }
}
