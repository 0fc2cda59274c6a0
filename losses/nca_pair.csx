// losses/nca_pair.csx: Noise Contrastive Alignment, pairwise.
// Chen et al. 2024, "Noise Contrastive Alignment of Language Models with Explicit Rewards", eq. 11
// (NCA with K = 2, TRL's loss_type "nca_pair"): with r = β log π/π_ref,
//   L = −log σ(r_w) − ½ log σ(−r_w) − ½ log σ(−r_l).   TRL's default β = 0.1.
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward");

var chosen = beta * (PolicyChosen - ReferenceChosen);
var rejected = beta * (PolicyRejected - ReferenceRejected);
return Loss(-logsigmoid(chosen) - 0.5 * logsigmoid(-chosen) - 0.5 * logsigmoid(-rejected),
            chosenRewards: chosen.detach(), rejectedRewards: rejected.detach());
