// losses/sppo_hard.csx: Self-Play Preference Optimization with hard labels.
// Wu et al. 2024, "Self-Play Preference Optimization for Language Model Alignment", eq. 4.5 with
// the winner's probability set to 1 and the loser's to 0 (TRL's loss_type "sppo_hard"):
//   L = (log π(y_w)/π_ref(y_w) − 1/(2β))² + (log π(y_l)/π_ref(y_l) + 1/(2β))².  TRL's β = 0.1.
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "the log-ratios are pulled to ±1/(2β)");

var chosen = PolicyChosen - ReferenceChosen;
var rejected = PolicyRejected - ReferenceRejected;
var target = 0.5 / beta;
return Loss((chosen - target).square() + (rejected + target).square(),
            chosenRewards: beta * chosen.detach(), rejectedRewards: beta * rejected.detach());
