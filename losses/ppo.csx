// losses/ppo.csx: Proximal Policy Optimization, the one-step offline variant of HALOs.
// Schulman et al. 2017, "Proximal Policy Optimization Algorithms", eq. 7, as HALOs' PPOTrainer
// runs it on offline feedback: the ratio is against the reference model that stands in for the
// sampling policy, clipped to [ε, 1/ε]; a critic regresses the values onto the returns; and a
// KL penalty E[log π_ref − log π] keeps the policy near the reference:
//   L = max(−A·ρ, −A·clip(ρ, ε, 1/ε)) + c_v · ½(V − R)² + c_KL · (log π_ref − log π),
// each a masked mean over the completion's tokens, per example. The trainer supplies the GAE
// advantages A and returns R. HALOs' defaults: cliprange 0.5, critic_coef 0.01, KL_coef 0.1.
Consumes(DataKind.Unpaired);
UsesReference();
var cliprange = Param("cliprange", 0.5, "ε: the ratio is clipped to [ε, 1/ε]");
var criticCoef = Param("critic_coef", 0.01, "weight of the value (critic) loss");
var klCoef = Param("KL_coef", 0.1, "weight of the KL penalty against the reference");

var logRatio = PolicyPerToken - ReferencePerToken;
var ratio = exp(logRatio);
var a = Advantages;
var policyLoss = masked_mean(torch.maximum(-a * ratio, -a * clamp(ratio, cliprange, 1 / cliprange)), Mask);
var criticLoss = 0.5 * masked_mean((Values - Returns).square(), Mask);
var kl = masked_mean(-logRatio, Mask);
Metric("policy_loss", policyLoss.mean());
Metric("critic_loss", criticLoss.mean());
Metric("kl", kl.mean());
return Loss(policyLoss + criticCoef * criticLoss + klCoef * kl);
