// losses/grpo.csx: Group Relative Policy Optimization.
// Shao et al. 2024, "DeepSeekMath", eqs. 3-4: each completion's advantage is its reward z-scored
// within the group sampled for its prompt, Â = (r − mean_g) / (std_g + 0.01) (0.01 keeps a group
// of equal rewards finite); the surrogate is PPO's clipped ratio against the sampling policy; and
// the KL to the reference is the unbiased k3 estimate exp(d) − d − 1, d = log π_ref − log π:
//   L = −[min(ρÂ, clip(ρ, 1−ε, 1+ε)Â) − β·k3], a masked mean over each completion's tokens.
// Without OldPolicyPerToken the data is on-policy and ρ = π/stop_gradient(π). HALOs: β = 0.1, ε = 0.1.
Consumes(DataKind.Grouped);
UsesReference();
var beta = Param("beta", 0.1, "weight β of the k3 KL penalty");
var epsilon = Param("epsilon", 0.1, "the ratio is clipped to [1−ε, 1+ε]");

var groups = Rewards.view(-1, GroupSize);                                     // [G, K]
var advantages = ((groups - groups.mean(1, keepdim: true)) / (groups.std(1, keepdim: true) + 0.01)).reshape(-1);
var old = Provided(nameof(OldPolicyPerToken)) ? OldPolicyPerToken : stop_gradient(PolicyPerToken);
var ratio = exp(PolicyPerToken - old);
var a = advantages.unsqueeze(1);
var surrogate = torch.minimum(ratio * a, clamp(ratio, 1 - epsilon, 1 + epsilon) * a);
var d = ReferencePerToken - PolicyPerToken;
var k3 = exp(d) - d - 1;
Metric("kl", masked_mean(k3, Mask).mean());
return Loss(masked_mean(-(surrogate - beta * k3), Mask));
