// losses/bco_pair.csx: Binary Classifier Optimization on paired data.
// Jung et al. 2024, "Binary Classifier Optimization for Large Language Model Alignment", eq. 9:
// chosen and rejected implicit rewards r = β log π/π_ref are classified against a shift δ,
//   L = −log σ(r_w − δ) − log σ(−(r_l − δ)),
// δ the running mean of the batch-mean reward over training, detached (TRL's loss_type "bco_pair").
// TRL's default β = 0.1.
// Version: this follows TRL's DPOTrainer "bco_pair" up to and including v0.28, which keeps the
// running-mean shift δ. TRL's later refactor dropped the shift: it computes
// −log σ(r_w) − log σ(−r_l), which is this formula with δ = 0.
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward");

var chosen = beta * (PolicyChosen - ReferenceChosen);
var rejected = beta * (PolicyRejected - ReferenceRejected);
var delta = running_mean("delta", torch.cat([chosen, rejected]).mean());
Metric("delta", delta);
return Loss(-logsigmoid(chosen - delta) - logsigmoid(-(rejected - delta)),
            chosenRewards: chosen.detach(), rejectedRewards: rejected.detach());
