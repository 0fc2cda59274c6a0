// losses/bradley_terry.csx: the Bradley-Terry reward-model loss.
// Bradley & Terry 1952; for reward models Ouyang et al. 2022 ("Training language models to follow
// instructions with human feedback"), eq. 1: L = −log σ(r⁺ − r⁻). With a per-pair margin m
// (Touvron et al. 2023, Llama 2, eq. 2): −log σ(r⁺ − r⁻ − m). center_rewards_coefficient c adds
// c·(r⁺ + r⁻)², which keeps rewards centred on 0 (Eisenstein et al. 2023; TRL's RewardTrainer
// adds c·mean((r⁺ + r⁻)²), the batch mean of this term). TRL's default: no centring (c = 0).
Consumes(DataKind.Scored);
var c = Param("center_rewards_coefficient", 0.0, "weight c of the reward-centring term c·(r⁺ + r⁻)²");

var margin = ChosenScores - RejectedScores;
if (Provided(nameof(Margin))) margin = margin - Margin;
var losses = -logsigmoid(margin);
if (c != 0) losses = losses + c * (ChosenScores + RejectedScores).square();
Metric("accuracy", (ChosenScores > RejectedScores).to(ChosenScores.dtype).mean());
return Loss(losses, chosenRewards: ChosenScores.detach(), rejectedRewards: RejectedScores.detach());
