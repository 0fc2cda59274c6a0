// losses/ppo.csx: Proximal Policy Optimization, the one-step offline variant of HALOs.
// Schulman et al. 2017, "Proximal Policy Optimization Algorithms", eq. 7, as HALOs' PPOTrainer
// runs it on offline feedback: the ratio is against the reference model that stands in for the
// sampling policy, clipped to [ε, 1/ε]; a critic regresses the values onto the returns; and a
// KL penalty E[log π_ref − log π] keeps the policy near the reference:
//   L = max(−A·ρ, −A·clip(ρ, ε, 1/ε)) + c_v · ½(V − R)² + c_KL · (log π_ref − log π),
// each a masked mean over the completion's tokens, per example. The trainer (unpaired) supplies the rest, as HALOs'
// PPOTrainer does: a reward of +1 (desirable) or −1 (undesirable) at the completion's last token, the values V of the
// policy's value head v_head (over detached hidden states, so the critic term trains the head only), and the GAE
// advantages A (whitened over the microbatch) and returns R = A + V, from the detached values with γ 0.99, λ 0.95.
// HALOs' defaults: cliprange 0.5, critic_coef 0.01, KL_coef 0.1. The implicit rewards reported (rewards/chosen,
// rewards/rejected, margins) are the completions' summed log-ratios log π/π_ref, when Desirable is given; they are
// metrics, not loss terms.
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
var losses = policyLoss + criticCoef * criticLoss + klCoef * kl;
if (!Provided(nameof(Desirable))) return Loss(losses);
var rewards = logRatio.sum(-1).detach();
var desirable = Desirable;
return Loss(losses, chosenRewards: rewards.masked_select(desirable), rejectedRewards: rewards.masked_select(!desirable));
