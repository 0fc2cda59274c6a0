using Halos.Abstractions.Losses;

namespace Halos.Losses.Inputs;

/// <summary>
/// Every tensor a loss script can read, with its shape and meaning. This is the one list that
/// error messages, <c>loss eval</c> JSON, synthetic check inputs and the script API agree on.
/// </summary>
public static class InputCatalog
{
    public static readonly IReadOnlyList<InputField> Fields =
    [
        Sum("PolicyChosen", "summed log-prob of the chosen completion under the policy", i => i.PolicyChosen),
        Sum("PolicyRejected", "summed log-prob of the rejected completion under the policy", i => i.PolicyRejected),
        Sum("ReferenceChosen", "summed log-prob of the chosen completion under the reference model", i => i.ReferenceChosen),
        Sum("ReferenceRejected", "summed log-prob of the rejected completion under the reference model", i => i.ReferenceRejected),
        Tok("PolicyChosenPerToken", "per-token log-probs of the chosen completion under the policy", i => i.PolicyChosenPerToken),
        Tok("PolicyRejectedPerToken", "per-token log-probs of the rejected completion under the policy", i => i.PolicyRejectedPerToken),
        Tok("ReferenceChosenPerToken", "per-token log-probs of the chosen completion under the reference model", i => i.ReferenceChosenPerToken),
        Tok("ReferenceRejectedPerToken", "per-token log-probs of the rejected completion under the reference model", i => i.ReferenceRejectedPerToken),
        Mask("ChosenMask", "[B, T]", "which chosen-completion tokens count", i => i.ChosenMask),
        Mask("RejectedMask", "[B, T]", "which rejected-completion tokens count", i => i.RejectedMask),
        Sum("ChosenLengths", "number of chosen-completion tokens", i => i.ChosenLengths),
        Sum("RejectedLengths", "number of rejected-completion tokens", i => i.RejectedLengths),
        Sum("Policy", "summed log-prob of the completion under the policy", i => i.Policy),
        Sum("Reference", "summed log-prob of the completion under the reference model", i => i.Reference),
        Tok("PolicyPerToken", "per-token log-probs of the completion under the policy", i => i.PolicyPerToken),
        Tok("ReferencePerToken", "per-token log-probs of the completion under the reference model", i => i.ReferencePerToken),
        Mask("Mask", "[B, T]", "which completion tokens count", i => i.Mask),
        Sum("Lengths", "number of completion tokens", i => i.Lengths),
        Sum("PolicyKL", "summed policy log-prob of a mismatched (prompt, completion) pair, for the KL reference point", i => i.PolicyKL),
        Sum("ReferenceKL", "summed reference log-prob of the same mismatched pair", i => i.ReferenceKL),
        Mask("Desirable", "[B]", "true where the completion is desirable, false where undesirable", i => i.Desirable),
        new("RankedScores", "[B, N]", InputElement.Float, "scores of N responses, best first", i => i.RankedScores),
        Mask("RankedMask", "[B, N]", "which of the N responses exist", i => i.RankedMask),
        Sum("ChosenScores", "reward-model score of the chosen response", i => i.ChosenScores),
        Sum("RejectedScores", "reward-model score of the rejected response", i => i.RejectedScores),
        Sum("Margin", "required score margin of each pair (optional)", i => i.Margin),
        Tok("OldPolicyPerToken", "per-token log-probs under the policy that sampled the completion", i => i.OldPolicyPerToken),
        Tok("Advantages", "per-token advantages", i => i.Advantages),
        Tok("Values", "per-token value predictions (with grad)", i => i.Values),
        Tok("Returns", "per-token returns (discounted future rewards)", i => i.Returns),
        Sum("Rewards", "scalar reward of each completion, in consecutive groups of GroupSize", i => i.Rewards),
        Mask("Scored", "[B]", "which completions have a reward (false where every reward source skipped it)", i => i.Scored),
    ];

    private static readonly Dictionary<string, InputField> ByName = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static InputField? Find(string name) => ByName.GetValueOrDefault(name);

    public static InputField Get(string name) =>
        ByName.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"'{name}' is not a loss input");

    /// <summary>The scalar input that is not a tensor.</summary>
    public const string GroupSizeName = "GroupSize";

    private static InputField Sum(string name, string description, Func<LossInputs, Halos.Torch.Tensor?> read) =>
        new(name, "[B]", InputElement.Float, description, read);

    private static InputField Tok(string name, string description, Func<LossInputs, Halos.Torch.Tensor?> read) =>
        new(name, "[B, T]", InputElement.Float, description, read);

    private static InputField Mask(string name, string shape, string description, Func<LossInputs, Halos.Torch.Tensor?> read) =>
        new(name, shape, InputElement.Bool, description, read);
}
