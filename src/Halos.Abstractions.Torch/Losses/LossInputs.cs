using Halos.Torch;

namespace Halos.Abstractions.Losses;

/// <summary>
/// What a trainer hands a loss for one microbatch. Each loss reads only the fields of its
/// <see cref="DataKind"/>; the others stay null. Log-probabilities are natural-log; "summed" means
/// summed over the completion's tokens. B is the batch, T the completion length, N the list length.
/// The property names are the names a loss script uses, and the keys of <c>halos loss eval</c> inputs. Each input is
/// declared once, here, by its <see cref="LossInputAttribute"/>; <see cref="InputCatalog"/> reads the declarations.
/// </summary>
public sealed record LossInputs
{
    // Paired (and the chosen side of Paired for SFT terms): summed log-probs, [B].
    [LossInput("[B]", "summed log-prob of the chosen completion under the policy", DataKind.Paired)]
    public Tensor? PolicyChosen { get; init; }
    [LossInput("[B]", "summed log-prob of the rejected completion under the policy", DataKind.Paired)]
    public Tensor? PolicyRejected { get; init; }
    [LossInput("[B]", "summed log-prob of the chosen completion under the reference model", DataKind.Paired)]
    public Tensor? ReferenceChosen { get; init; }
    [LossInput("[B]", "summed log-prob of the rejected completion under the reference model", DataKind.Paired)]
    public Tensor? ReferenceRejected { get; init; }

    // Paired, per token, for length-normalised losses: log-probs [B, T], masks [B, T] (bool), lengths [B].
    [LossInput("[B, T]", "per-token log-probs of the chosen completion under the policy", DataKind.Paired)]
    public Tensor? PolicyChosenPerToken { get; init; }
    [LossInput("[B, T]", "per-token log-probs of the rejected completion under the policy", DataKind.Paired)]
    public Tensor? PolicyRejectedPerToken { get; init; }
    [LossInput("[B, T]", "per-token log-probs of the chosen completion under the reference model", DataKind.Paired)]
    public Tensor? ReferenceChosenPerToken { get; init; }
    [LossInput("[B, T]", "per-token log-probs of the rejected completion under the reference model", DataKind.Paired)]
    public Tensor? ReferenceRejectedPerToken { get; init; }
    [LossInput("[B, T]", "which chosen-completion tokens count", DataKind.Paired, IsMask = true)]
    public Tensor? ChosenMask { get; init; }
    [LossInput("[B, T]", "which rejected-completion tokens count", DataKind.Paired, IsMask = true)]
    public Tensor? RejectedMask { get; init; }
    [LossInput("[B]", "number of chosen-completion tokens", DataKind.Paired)]
    public Tensor? ChosenLengths { get; init; }
    [LossInput("[B]", "number of rejected-completion tokens", DataKind.Paired)]
    public Tensor? RejectedLengths { get; init; }

    // Sft, Unpaired, Grouped: one completion per example. Summed [B]; per token [B, T] with Mask and Lengths.
    [LossInput("[B]", "summed log-prob of the completion under the policy", DataKind.Sft, DataKind.Unpaired, DataKind.Grouped)]
    public Tensor? Policy { get; init; }
    [LossInput("[B]", "summed log-prob of the completion under the reference model", DataKind.Sft, DataKind.Unpaired, DataKind.Grouped)]
    public Tensor? Reference { get; init; }
    [LossInput("[B, T]", "per-token log-probs of the completion under the policy", DataKind.Sft, DataKind.Unpaired, DataKind.Grouped)]
    public Tensor? PolicyPerToken { get; init; }
    [LossInput("[B, T]", "per-token log-probs of the completion under the reference model", DataKind.Sft, DataKind.Unpaired, DataKind.Grouped)]
    public Tensor? ReferencePerToken { get; init; }
    [LossInput("[B, T]", "which completion tokens count", DataKind.Sft, DataKind.Unpaired, DataKind.Grouped, IsMask = true)]
    public Tensor? Mask { get; init; }
    [LossInput("[B]", "number of completion tokens", DataKind.Sft, DataKind.Unpaired, DataKind.Grouped)]
    public Tensor? Lengths { get; init; }

    // Unpaired: summed log-probs of mismatched (prompt, completion) pairs, the KL reference point [B],
    // and which examples are desirable [B] (bool). In data-parallel training the loop gathers PolicyKL and
    // ReferenceKL over every rank's share of the global microbatch, so they hold all of its rows and a
    // mean over them is KTO's z0 over the whole microbatch, as HALOs reduces it.
    [LossInput("[B]", "summed policy log-prob of a mismatched (prompt, completion) pair, for the KL reference point", DataKind.Unpaired, GatheredAcrossRanks = true)]
    public Tensor? PolicyKL { get; init; }
    [LossInput("[B]", "summed reference log-prob of the same mismatched pair", DataKind.Unpaired, GatheredAcrossRanks = true)]
    public Tensor? ReferenceKL { get; init; }
    [LossInput("[B]", "true where the completion is desirable, false where undesirable", DataKind.Unpaired, IsMask = true)]
    public Tensor? Desirable { get; init; }

    // Ranked: scores [B, N], best first, and which of the N entries exist [B, N] (bool).
    [LossInput("[B, N]", "scores of N responses, best first", DataKind.Ranked)]
    public Tensor? RankedScores { get; init; }
    [LossInput("[B, N]", "which of the N responses exist", DataKind.Ranked, IsMask = true)]
    public Tensor? RankedMask { get; init; }

    // Scored (reward models): r⁺ and r⁻ [B], and an optional per-pair margin [B].
    [LossInput("[B]", "reward-model score of the chosen response", DataKind.Scored)]
    public Tensor? ChosenScores { get; init; }
    [LossInput("[B]", "reward-model score of the rejected response", DataKind.Scored)]
    public Tensor? RejectedScores { get; init; }
    [LossInput("[B]", "required score margin of each pair (optional)", DataKind.Scored)]
    public Tensor? Margin { get; init; }

    // Policy-gradient losses (PPO, GRPO), per token [B, T] unless noted: the sampling policy's
    // log-probs, advantages, value predictions (with grad), returns, and scalar rewards [B] that
    // come in consecutive groups of GroupSize completions of one prompt.
    [LossInput("[B, T]", "per-token log-probs under the policy that sampled the completion", DataKind.Unpaired, DataKind.Grouped)]
    public Tensor? OldPolicyPerToken { get; init; }
    [LossInput("[B, T]", "per-token advantages", DataKind.Unpaired)]
    public Tensor? Advantages { get; init; }
    [LossInput("[B, T]", "per-token value predictions (with grad)", DataKind.Unpaired)]
    public Tensor? Values { get; init; }
    [LossInput("[B, T]", "per-token returns (discounted future rewards)", DataKind.Unpaired)]
    public Tensor? Returns { get; init; }
    [LossInput("[B]", "scalar reward of each completion, in consecutive groups of GroupSize", DataKind.Grouped)]
    public Tensor? Rewards { get; init; }
    public long GroupSize { get; init; }

    /// <summary>
    /// Grouped: which completions have a reward [B] (bool). A completion every reward source skipped (a reward script
    /// returned null) is false here, has reward 0 in <see cref="Rewards"/> and no tokens in <see cref="Mask"/>; group
    /// statistics should leave it out.
    /// </summary>
    [LossInput("[B]", "which completions have a reward (false where every reward source skipped it)", DataKind.Grouped, IsMask = true)]
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
