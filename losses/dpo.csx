// losses/dpo.csx: Direct Preference Optimization.
// Rafailov et al. 2023, "Direct Preference Optimization: Your Language Model is Secretly a Reward
// Model", eq. 7:  L = −log σ(β[log π(y_w)/π_ref(y_w) − log π(y_l)/π_ref(y_l)]).
// Label smoothing ε treats each label as flipped with probability ε (Mitchell 2023, the cDPO note):
// L = −(1−ε) log σ(z) − ε log σ(−z). Defaults as in TRL and HALOs: β = 0.1, ε = 0.
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward β·log π/π_ref");
var eps = Param("label_smoothing", 0.0, "probability that a preference label is flipped; 0 is plain DPO");

var chosen = PolicyChosen - ReferenceChosen;        // log-ratios, [B]
var rejected = PolicyRejected - ReferenceRejected;
var z = beta * (chosen - rejected);
return Loss(-(1 - eps) * logsigmoid(z) - eps * logsigmoid(-z),
            chosenRewards: beta * chosen.detach(), rejectedRewards: beta * rejected.detach());
