// losses/online_dpo.csx: online DPO on the policy's own samples.
// Guo et al. 2024, "Direct Language Model Alignment from Online AI Feedback": each step samples completions from
// the current policy, a reward (here Rewards:Sources) labels them, and DPO (Rafailov et al. 2023, eq. 7) trains on
// the result. From the K samples of a prompt the best- and worst-scored form the pair:
//   L = −log σ(β[log π(y_w)/π_ref(y_w) − log π(y_l)/π_ref(y_l)]),
// with ties broken toward the earlier sample. A group whose scored completions all score the same (or with fewer
// than two scored) carries no preference and no loss. Every row of a group carries its pair's loss, so the loop's
// mean over rows is the mean over pairs. Default β = 0.1, as TRL's OnlineDPOConfig.
Consumes(DataKind.Grouped);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward β·log π/π_ref");
// Offline inputs may leave Scored out: every completion then has a reward.
var isScored = Provided(nameof(Scored)) ? Scored : torch.ones_like(Rewards) > 0;

var logRatio = masked_sum(PolicyPerToken, Mask) - masked_sum(ReferencePerToken, Mask);   // [B]
var groups = Rewards.view(-1, GroupSize);
var scored = isScored.view(-1, GroupSize);
var best = groups.masked_fill(scored.logical_not(), double.NegativeInfinity).argmax(1, keepdim: true);
var worst = groups.masked_fill(scored.logical_not(), double.PositiveInfinity).argmin(1, keepdim: true);
var hasPair = (groups.gather(1, best) > groups.gather(1, worst)).to(logRatio.dtype).reshape(-1);   // [G]

var ratios = logRatio.view(-1, GroupSize);
var chosen = ratios.gather(1, best).reshape(-1);
var rejected = ratios.gather(1, worst).reshape(-1);
var pairLoss = -logsigmoid(beta * (chosen - rejected)) * hasPair;
Metric("rewards/accuracies", masked_mean((chosen > rejected).to(logRatio.dtype), hasPair, 0));
Metric("rewards/margins", masked_mean(beta * (chosen - rejected).detach(), hasPair, 0));
return Loss(pairLoss.unsqueeze(1).expand(-1, GroupSize).reshape(-1));
