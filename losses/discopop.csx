// losses/discopop.csx: DiscoPOP, the log-ratio modulated loss found by LLM-driven discovery.
// Lu et al. 2024, "Discovering Preference Optimization Algorithms with and for Large Language
// Models", eq. 5: with z = β(Δ_w − Δ_l) and the mixing weight m = σ(z/τ),
//   L = (1 − m)(−log σ(z)) + m·exp(−z).
// m·exp(−z) is computed as exp(−z + log σ(z/τ)): for very negative z, exp(−z) alone overflows
// while the product tends to 0. TRL's defaults: β = 0.1, τ = 0.05.
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward");
var tau = Param("tau", 0.05, "temperature τ of the mixing weight σ(z/τ)");

var chosen = PolicyChosen - ReferenceChosen;
var rejected = PolicyRejected - ReferenceRejected;
var z = beta * (chosen - rejected);
var logistic = -logsigmoid(z) * sigmoid(-z / tau);
var exponential = exp(-z + logsigmoid(z / tau));
return Loss(logistic + exponential,
            chosenRewards: beta * chosen.detach(), rejectedRewards: beta * rejected.detach());
