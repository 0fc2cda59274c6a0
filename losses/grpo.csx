// losses/grpo.csx: Group Relative Policy Optimization, with TRL's loss_type variants.
// Shao et al. 2024, "DeepSeekMath", eqs. 3-4. Each completion's advantage is its reward against its group's:
//   Â = r − mean_g(r), divided by (std + 1e-4) when scale_rewards is "group" (the group's std) or "batch"
//   (the whole global batch's std, as PPO-Lite); "none" leaves it unscaled (Dr. GRPO).
// std_ddof picks the standard deviation: 1 is torch.std, as TRL; 0 is the population std, as HALOs.
// Completions no reward source scored (Scored false) are left out of the group statistics and the loss.
// Per token, the PPO-clipped surrogate against the sampling policy plus β times the k3 KL estimate,
//   ℓ_t = −min(ρ_t Â, clip(ρ_t, 1−ε, 1+ε_high) Â) + β (e^d − d − 1),   d = log π_ref − log π;
// ρ_t = π/π_old with OldPolicyPerToken (Training:UpdatesPerGeneration > 1), else π/stop_gradient(π) = 1.
// loss_type reduces ℓ over the batch:
//   grpo    each completion's token mean, then the mean over completions;
//   bnpo    Σ ℓ over this microbatch's tokens / its token count;
//   dapo    Σ ℓ / the token count of the global microbatch (every rank's; with gradient accumulation, of each
//           accumulated microbatch, where TRL counts the whole accumulated batch);
//   dr_grpo Σ ℓ / (completions × max_completion_length), a constant normaliser (Dr. GRPO).
// β = 0 runs no reference pass. Defaults as in TRL's GRPOConfig: loss_type dapo, β 0, ε 0.2, ε_high = ε,
// scale_rewards group, torch.std, max_completion_length 256. HALOs' config/loss/grpo.yaml sets β = 0.01, ε = 0.01.
Consumes(DataKind.Grouped);
UsesReferenceUnlessZero("beta");
var lossType = Choice("loss_type", "dapo", "grpo|bnpo|dapo|dr_grpo", "how per-token losses are averaged over the batch");
var beta = Param("beta", 0.0, "weight β of the k3 KL penalty to the reference; 0 runs no reference pass");
var epsilon = Param("epsilon", 0.2, "the ratio is clipped below at 1−ε");
var epsilonHigh = Param("epsilon_high", 0.0, "the ratio is clipped above at 1+ε_high; 0 means ε (DAPO's clip-higher uses 0.28)");
var scaleRewards = Choice("scale_rewards", "group", "group|batch|none", "divide advantages by the group's std, the batch's, or not at all");
var ddof = Param("std_ddof", 1, "1: sample std (torch.std, TRL); 0: population std (HALOs)");
var maxCompletionLength = Param("max_completion_length", 256, "dr_grpo's normaliser per completion; set it to Generation:MaxNewTokens");
// Offline inputs may leave Scored out: every completion then has a reward.
var isScored = Provided(nameof(Scored)) ? Scored : torch.ones_like(Rewards) > 0;

var scored = isScored.to(Rewards.dtype);
var advantages = (Rewards - group_mean(Rewards, isScored)) * scored;
if (scaleRewards == "group") advantages = advantages / (group_std(Rewards, isScored, ddof) + 1e-4);
if (scaleRewards == "batch")
{
    var n = global_sum(scored);
    var mean = global_sum(Rewards * scored) / n.clamp_min(1);
    var variance = global_sum((Rewards - mean).pow(2) * scored) / (n - ddof).clamp_min(1);
    advantages = advantages / (variance.sqrt() + 1e-4);
}

var old = Provided(nameof(OldPolicyPerToken)) ? OldPolicyPerToken : stop_gradient(PolicyPerToken);
var ratio = exp(PolicyPerToken - old);
var a = advantages.unsqueeze(1);
var high = epsilonHigh > 0 ? epsilonHigh : epsilon;
var perToken = -torch.minimum(ratio * a, clamp(ratio, 1 - epsilon, 1 + high) * a);
if (beta != 0)
{
    var d = ReferencePerToken - PolicyPerToken;
    var k3 = exp(d) - d - 1;
    perToken = perToken + beta * k3;
    Metric("kl", masked_mean(masked_mean(k3, Mask), scored, 0));
}
var lowClipped = ((ratio < 1 - epsilon) & (a < 0)).to(perToken.dtype);
var highClipped = ((ratio > 1 + high) & (a > 0)).to(perToken.dtype);
var tokens = Mask.to(perToken.dtype);
Metric("clip_ratio/low_mean", (lowClipped * tokens).sum() / tokens.sum().clamp_min(1));
Metric("clip_ratio/high_mean", (highClipped * tokens).sum() / tokens.sum().clamp_min(1));
Metric("clip_ratio/region_mean", ((lowClipped + highClipped) * tokens).sum() / tokens.sum().clamp_min(1));

var rows = Rewards.size(0);
var losses = lossType switch
{
    "grpo" => masked_mean(perToken, Mask),
    "bnpo" => masked_sum(perToken, Mask) * rows / tokens.sum().clamp_min(1),
    "dapo" => masked_sum(perToken, Mask) * global_sum(torch.ones_like(scored)) / global_sum(tokens).clamp_min(1),
    _ => masked_sum(perToken, Mask) / maxCompletionLength,
};
return Loss(losses);
