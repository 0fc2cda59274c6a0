// losses/simpo.csx: Simple Preference Optimization, reference-free.
// Meng et al. 2024, "SimPO: Simple Preference Optimization with a Reference-Free Reward", eq. 6:
//   L = −log σ(β/|y_w| · log π(y_w) − β/|y_l| · log π(y_l) − γ).
// The reward is the length-normalised log-likelihood, so no reference model is loaded.
// Defaults as in HALOs' config/loss/simpo.yaml: β = 10 and gamma_beta_ratio 0.3, so γ = 0.3 β = 3.
Consumes(DataKind.Paired);
var beta = Param("beta", 10.0, "scale β of the length-normalised reward");
var gamma = Param("gamma", 3.0, "target reward margin γ");

var chosen = beta * PolicyChosen / ChosenLengths.clamp_min(1);
var rejected = beta * PolicyRejected / RejectedLengths.clamp_min(1);
return Loss(-logsigmoid(chosen - rejected - gamma),
            chosenRewards: chosen.detach(), rejectedRewards: rejected.detach());
