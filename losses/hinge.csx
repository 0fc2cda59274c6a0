// losses/hinge.csx: the hinge loss on the DPO implicit reward margin.
// Zhao et al. 2023 (SLiC, eq. 1) applied to normalised likelihoods, as in Liu et al. 2024,
// "Statistical Rejection Sampling Improves Preference Optimization" (RSO), eq. 8:
//   L = max(0, 1 − β[log π(y_w)/π_ref(y_w) − log π(y_l)/π_ref(y_l)]).  TRL's default β = 0.1.
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse margin: the log-ratio gap must reach 1/β");

var chosen = PolicyChosen - ReferenceChosen;
var rejected = PolicyRejected - ReferenceRejected;
return Loss(relu(1 - beta * (chosen - rejected)),
            chosenRewards: beta * chosen.detach(), rejectedRewards: beta * rejected.detach());
