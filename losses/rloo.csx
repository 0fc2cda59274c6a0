// losses/rloo.csx: REINFORCE Leave-One-Out.
// Ahmadian et al. 2024, "Back to Basics: Revisiting REINFORCE Style Optimization for Learning from Human
// Feedback in LLMs", eq. 6 (Kool et al. 2019's baseline). Each completion is one action; its baseline is the mean
// reward of the other completions of its prompt:
//   Â_i = r_i − 1/(k−1) Σ_{j≠i} r_j = k/(k−1) · (r_i − mean_g r),   k = the group's scored completions.
// With β > 0 the reward is first shaped by the sequence's KL estimate to the reference, r − β Σ_t (log π − log π_ref),
// held fixed, as the paper's r(x, y) − β log(π/π_ref). The surrogate is PPO's clipped ratio at the sequence level,
//   L = −min(ρ Â, clip(ρ, 1−ε, 1+ε) Â),   ρ = exp Σ_t (log π − log π_old),
// which on-policy (μ = 1) is REINFORCE: ∇L = −Â ∇ Σ_t log π. normalize_advantages z-scores Â over the batch.
// Completions no reward source scored (Scored false) are out of the baselines and the loss.
Consumes(DataKind.Grouped);
UsesReferenceUnlessZero("beta");
var beta = Param("beta", 0.05, "weight β of the sequence KL to the reference, subtracted from the reward; 0 runs no reference pass");
var epsilon = Param("epsilon", 0.2, "the sequence ratio is clipped to [1−ε, 1+ε] (μ > 1)");
var normalize = Param("normalize_advantages", false, "z-score the advantages over the global batch");
// Offline inputs may leave Scored out: every completion then has a reward.
var isScored = Provided(nameof(Scored)) ? Scored : torch.ones_like(Rewards) > 0;

var scored = isScored.to(Rewards.dtype);
var rewards = Rewards;
if (beta != 0)
{
    var kl = stop_gradient(masked_sum(PolicyPerToken - ReferencePerToken, Mask));
    rewards = rewards - beta * kl;
    Metric("kl", masked_mean(kl, scored, 0));
}
var k = group_mean(torch.ones_like(scored) * scored, torch.ones_like(scored)) * GroupSize;   // scored completions per group
var advantages = (rewards - group_mean(rewards, isScored)) * k / (k - 1).clamp_min(1) * scored;
if (normalize)
{
    var n = global_sum(scored);
    var mean = global_sum(advantages * scored) / n.clamp_min(1);
    var std = (global_sum((advantages - mean).pow(2) * scored) / (n - 1).clamp_min(1)).sqrt();
    advantages = (advantages - mean) / (std + 1e-8) * scored;
}
advantages = stop_gradient(advantages);

var policy = masked_sum(PolicyPerToken, Mask);
var old = Provided(nameof(OldPolicyPerToken)) ? masked_sum(OldPolicyPerToken, Mask) : stop_gradient(policy);
var ratio = exp(policy - old);
var surrogate = torch.minimum(ratio * advantages, clamp(ratio, 1 - epsilon, 1 + epsilon) * advantages);
Metric("clip_ratio/region_mean", masked_mean(((ratio - 1).abs() > epsilon).to(ratio.dtype), scored, 0));
return Loss(-surrogate * scored);
