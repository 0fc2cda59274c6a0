using Halos.Torch;

namespace Halos.Losses.Scripting;

// The inputs, one getter per LossInputs property declared [LossInput] (InputCatalog); a test holds this list to the
// declarations. Reading one the trainer did not provide is an error that names the input and the data kinds that do.
public sealed partial class LossScriptGlobals
{
    public Tensor PolicyChosen => _run.Require(_run.Inputs.PolicyChosen, nameof(PolicyChosen));
    public Tensor PolicyRejected => _run.Require(_run.Inputs.PolicyRejected, nameof(PolicyRejected));
    public Tensor ReferenceChosen => _run.Require(_run.Inputs.ReferenceChosen, nameof(ReferenceChosen));
    public Tensor ReferenceRejected => _run.Require(_run.Inputs.ReferenceRejected, nameof(ReferenceRejected));
    public Tensor PolicyChosenPerToken => _run.Require(_run.Inputs.PolicyChosenPerToken, nameof(PolicyChosenPerToken));
    public Tensor PolicyRejectedPerToken => _run.Require(_run.Inputs.PolicyRejectedPerToken, nameof(PolicyRejectedPerToken));
    public Tensor ReferenceChosenPerToken => _run.Require(_run.Inputs.ReferenceChosenPerToken, nameof(ReferenceChosenPerToken));
    public Tensor ReferenceRejectedPerToken => _run.Require(_run.Inputs.ReferenceRejectedPerToken, nameof(ReferenceRejectedPerToken));
    public Tensor ChosenMask => _run.Require(_run.Inputs.ChosenMask, nameof(ChosenMask));
    public Tensor RejectedMask => _run.Require(_run.Inputs.RejectedMask, nameof(RejectedMask));
    public Tensor ChosenLengths => _run.Require(_run.Inputs.ChosenLengths, nameof(ChosenLengths));
    public Tensor RejectedLengths => _run.Require(_run.Inputs.RejectedLengths, nameof(RejectedLengths));
    public Tensor Policy => _run.Require(_run.Inputs.Policy, nameof(Policy));
    public Tensor Reference => _run.Require(_run.Inputs.Reference, nameof(Reference));
    public Tensor PolicyPerToken => _run.Require(_run.Inputs.PolicyPerToken, nameof(PolicyPerToken));
    public Tensor ReferencePerToken => _run.Require(_run.Inputs.ReferencePerToken, nameof(ReferencePerToken));
    public Tensor Mask => _run.Require(_run.Inputs.Mask, nameof(Mask));
    public Tensor Lengths => _run.Require(_run.Inputs.Lengths, nameof(Lengths));
    public Tensor PolicyKL => _run.Require(_run.Inputs.PolicyKL, nameof(PolicyKL));
    public Tensor ReferenceKL => _run.Require(_run.Inputs.ReferenceKL, nameof(ReferenceKL));
    public Tensor Desirable => _run.Require(_run.Inputs.Desirable, nameof(Desirable));
    public Tensor RankedScores => _run.Require(_run.Inputs.RankedScores, nameof(RankedScores));
    public Tensor RankedMask => _run.Require(_run.Inputs.RankedMask, nameof(RankedMask));
    public Tensor ChosenScores => _run.Require(_run.Inputs.ChosenScores, nameof(ChosenScores));
    public Tensor RejectedScores => _run.Require(_run.Inputs.RejectedScores, nameof(RejectedScores));
    public Tensor Margin => _run.Require(_run.Inputs.Margin, nameof(Margin));
    public Tensor OldPolicyPerToken => _run.Require(_run.Inputs.OldPolicyPerToken, nameof(OldPolicyPerToken));
    public Tensor Advantages => _run.Require(_run.Inputs.Advantages, nameof(Advantages));
    public Tensor Values => _run.Require(_run.Inputs.Values, nameof(Values));
    public Tensor Returns => _run.Require(_run.Inputs.Returns, nameof(Returns));
    public Tensor Rewards => _run.Require(_run.Inputs.Rewards, nameof(Rewards));
    public Tensor Scored => _run.Require(_run.Inputs.Scored, nameof(Scored));

    /// <summary>Completions per prompt in Grouped data; Rewards come in consecutive groups of this size.</summary>
    public long GroupSize => _run.Inputs.GroupSize > 0 ? _run.Inputs.GroupSize
        : throw new LossInputMissingException("the script reads GroupSize, but the inputs it was given set none");
}
