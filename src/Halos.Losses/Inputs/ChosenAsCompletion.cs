using Halos.Abstractions.Losses;

namespace Halos.Losses.Inputs;

/// <summary>
/// Paired data seen as SFT data on its chosen completions, so an SFT term can join a paired
/// combination (MPO's 0.8·dpo + 0.2·bco_pair + 1.0·sft) without a new script.
/// </summary>
internal static class ChosenAsCompletion
{
    private static readonly Dictionary<string, string> SingleToChosen = new(StringComparer.Ordinal)
    {
        ["Policy"] = "PolicyChosen",
        ["Reference"] = "ReferenceChosen",
        ["PolicyPerToken"] = "PolicyChosenPerToken",
        ["ReferencePerToken"] = "ReferenceChosenPerToken",
        ["Mask"] = "ChosenMask",
        ["Lengths"] = "ChosenLengths",
    };

    public static LossInputs From(LossInputs paired) => new()
    {
        Policy = paired.PolicyChosen,
        Reference = paired.ReferenceChosen,
        PolicyPerToken = paired.PolicyChosenPerToken,
        ReferencePerToken = paired.ReferenceChosenPerToken,
        Mask = paired.ChosenMask,
        Lengths = paired.ChosenLengths,
    };

    /// <summary>The paired input an SFT script's input name reads.</summary>
    public static string PairedName(string singleName) => SingleToChosen.GetValueOrDefault(singleName, singleName);
}
