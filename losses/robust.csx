// losses/robust.csx: robust DPO (rDPO).
// Chowdhury et al. 2024, "Provably Robust DPO: Aligning Language Models with Noisy Feedback", eq. 8:
// an unbiased estimate of the clean-label loss under flip rate ε,
//   L = [(1−ε)(−log σ(z)) − ε(−log σ(−z))] / (1 − 2ε),   z = β(Δ_w − Δ_l).
// TRL (loss_type "robust") uses β = 0.1 and label_smoothing as ε, default 0, which is plain DPO;
// ε = 0.1 here is an assumed flip rate so the file is rDPO as shipped: set it to your data's.
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward");
var eps = Param("label_smoothing", 0.1, "assumed flip rate of preference labels, in [0, 0.5)");
if (eps < 0 || eps >= 0.5) throw new ArgumentOutOfRangeException("label_smoothing", $"robust DPO needs 0 <= label_smoothing < 0.5, got {eps}");

var chosen = PolicyChosen - ReferenceChosen;
var rejected = PolicyRejected - ReferenceRejected;
var z = beta * (chosen - rejected);
return Loss(((1 - eps) * -logsigmoid(z) - eps * -logsigmoid(-z)) / (1 - 2 * eps),
            chosenRewards: beta * chosen.detach(), rejectedRewards: beta * rejected.detach());
