// losses/exo_pair.csx: Efficient Exact Optimization, pairwise.
// Ji et al. 2024, "Towards Efficient Exact Optimization of Language Model Alignment", eq. 10 with
// K = 2 and smoothed labels (TRL's loss_type "exo_pair"): the reverse KL from the label
// distribution (1−ε, ε) to the model's σ(z), z = β(Δ_w − Δ_l):
//   L = σ(z)(log σ(z) − log(1−ε)) + σ(−z)(log σ(−z) − log ε).
// TRL: β = 0.1, ε = 1e-3 (its value when label_smoothing is 0).
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward");
var eps = Param("label_smoothing", 1e-3, "ε of the smoothed target distribution, in (0, 0.5)");
if (eps <= 0 || eps >= 0.5) throw new ArgumentOutOfRangeException("label_smoothing", $"exo_pair needs 0 < label_smoothing < 0.5, got {eps}");

var chosen = PolicyChosen - ReferenceChosen;
var rejected = PolicyRejected - ReferenceRejected;
var z = beta * (chosen - rejected);
return Loss(sigmoid(z) * (logsigmoid(z) - Math.Log(1 - eps)) + sigmoid(-z) * (logsigmoid(-z) - Math.Log(eps)),
            chosenRewards: beta * chosen.detach(), rejectedRewards: beta * rejected.detach());
