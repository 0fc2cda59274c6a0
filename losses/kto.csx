// losses/kto.csx: Kahneman-Tversky Optimization, for unpaired desirable/undesirable feedback.
// Ethayarajh et al. 2024, "KTO: Model Alignment as Prospect Theoretic Optimization", eq. 8:
//   r = log π(y|x)/π_ref(y|x),  z0 = max(0, E[log π(y'|x)/π_ref(y'|x)]) over mismatched pairs,
//   desirable:   λ_D (1 − σ(β(r − z0))),   undesirable:  λ_U (1 − σ(β(z0 − r))).
// z0 is the reference point: the batch-mean KL estimate, clamped at 0 and detached (no gradient),
// as in HALOs. Each example is scored by its own label, so a microbatch of one class still works.
// Defaults as in HALOs and TRL: β = 0.1, λ_D = λ_U = 1.
Consumes(DataKind.Unpaired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward");
var desirableWeight = Param("desirable_weight", 1.0, "λ_D, the weight of desirable examples");
var undesirableWeight = Param("undesirable_weight", 1.0, "λ_U, the weight of undesirable examples");

var z0 = stop_gradient(clamp((PolicyKL - ReferenceKL).mean(), min: 0));
var r = Policy - Reference;
var desirable = Desirable;
// 1 − σ(x) = σ(−x), which keeps its precision where σ(x) rounds to 1.
var losses = torch.where(desirable,
    desirableWeight * sigmoid(-beta * (r - z0)),
    undesirableWeight * sigmoid(-beta * (z0 - r)));
var rewards = beta * r.detach();
Metric("kl", z0);
return Loss(losses, chosenRewards: rewards.masked_select(desirable), rejectedRewards: rewards.masked_select(!desirable));
