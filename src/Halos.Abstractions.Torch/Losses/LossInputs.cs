using Halos.Torch;

namespace Halos.Abstractions.Losses;

/// <summary>
/// What a trainer hands a loss for one microbatch. Each loss reads only the fields of its
/// <see cref="DataKind"/>; the others stay null. Log-probabilities are natural-log; "summed" means
/// summed over the completion's tokens. B is the batch, T the completion length, N the list length.
/// The property names are the names a loss script uses, and the keys of <c>halos loss eval</c> inputs.
/// </summary>
public sealed record LossInputs
{
    // Paired (and the chosen side of Paired for SFT terms): summed log-probs, [B].
    public Tensor? PolicyChosen { get; init; }
    public Tensor? PolicyRejected { get; init; }
    public Tensor? ReferenceChosen { get; init; }
    public Tensor? ReferenceRejected { get; init; }

    // Paired, per token, for length-normalised losses: log-probs [B, T], masks [B, T] (bool), lengths [B].
    public Tensor? PolicyChosenPerToken { get; init; }
    public Tensor? PolicyRejectedPerToken { get; init; }
    public Tensor? ReferenceChosenPerToken { get; init; }
    public Tensor? ReferenceRejectedPerToken { get; init; }
    public Tensor? ChosenMask { get; init; }
    public Tensor? RejectedMask { get; init; }
    public Tensor? ChosenLengths { get; init; }
    public Tensor? RejectedLengths { get; init; }

    // Sft, Unpaired, Grouped: one completion per example. Summed [B]; per token [B, T] with Mask and Lengths.
    public Tensor? Policy { get; init; }
    public Tensor? Reference { get; init; }
    public Tensor? PolicyPerToken { get; init; }
    public Tensor? ReferencePerToken { get; init; }
    public Tensor? Mask { get; init; }
    public Tensor? Lengths { get; init; }

    // Unpaired: summed log-probs of mismatched (prompt, completion) pairs, the KL reference point [B],
    // and which examples are desirable [B] (bool). In data-parallel training the loop gathers PolicyKL and
    // ReferenceKL over every rank's share of the global microbatch, so they hold all of its rows and a
    // mean over them is KTO's z0 over the whole microbatch, as HALOs reduces it.
    public Tensor? PolicyKL { get; init; }
    public Tensor? ReferenceKL { get; init; }
    public Tensor? Desirable { get; init; }

    // Ranked: scores [B, N], best first, and which of the N entries exist [B, N] (bool).
    public Tensor? RankedScores { get; init; }
    public Tensor? RankedMask { get; init; }

    // Scored (reward models): r⁺ and r⁻ [B], and an optional per-pair margin [B].
    public Tensor? ChosenScores { get; init; }
    public Tensor? RejectedScores { get; init; }
    public Tensor? Margin { get; init; }

    // Policy-gradient losses (PPO, GRPO), per token [B, T] unless noted: the sampling policy's
    // log-probs, advantages, value predictions (with grad), returns, and scalar rewards [B] that
    // come in consecutive groups of GroupSize completions of one prompt.
    public Tensor? OldPolicyPerToken { get; init; }
    public Tensor? Advantages { get; init; }
    public Tensor? Values { get; init; }
    public Tensor? Returns { get; init; }
    public Tensor? Rewards { get; init; }
    public long GroupSize { get; init; }

    /// <summary>
    /// Grouped: which completions have a reward [B] (bool). A completion every reward source skipped (a reward script
    /// returned null) is false here, has reward 0 in <see cref="Rewards"/> and no tokens in <see cref="Mask"/>; group
    /// statistics should leave it out.
    /// </summary>
    public Tensor? Scored { get; init; }

    /// <summary>
    /// Values a trainer measured for the logs alone (a loss never reads them), keyed by metric name: per token or per
    /// example, each logged as the mean of all its values over the logging interval (e.g. <c>logits/chosen</c>).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor>? Diagnostics { get; init; }

    /// <summary>
    /// Sums numbers over every rank of a data-parallel training step (the identity when absent). A loss's running
    /// statistics (<c>running_mean</c>) go through it, so every rank keeps the statistic of the global batch.
    /// </summary>
    public Func<double[], double[]>? CrossRankSum { get; init; }
}
