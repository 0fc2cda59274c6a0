// losses/apo_zero.csx: Anchored Preference Optimization, APO-zero.
// D'Oosterlinck et al. 2024, "Anchored Preference Optimization and Contrastive Revisions", eq. 7:
// push the chosen likelihood up and the rejected down, each against the reference anchor,
//   L = (1 − σ(r_w)) + σ(r_l),  r = β log π/π_ref.   TRL's default β = 0.1.
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward");

var chosen = beta * (PolicyChosen - ReferenceChosen);
var rejected = beta * (PolicyRejected - ReferenceRejected);
// 1 − σ(x) = σ(−x), exact where σ(x) rounds to 1.
return Loss(sigmoid(-chosen) + sigmoid(rejected),
            chosenRewards: chosen.detach(), rejectedRewards: rejected.detach());
