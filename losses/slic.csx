// losses/slic.csx: Sequence Likelihood Calibration (SLiC-HF).
// Zhao et al. 2023, "SLiC-HF: Sequence Likelihood Calibration with Human Feedback", eq. 1:
//   L = max(0, δ − log π(y_w) + log π(y_l)) − λ log π(y_w),
// the rank-calibration hinge plus the NLL regulariser on the chosen completion, here per example.
// No reference model. HALOs' defaults: δ (beta) = 1.0, λ (lambda_coef) = 0.1.
// This follows the paper and HALOs' docstring (the NLL of the whole chosen sequence). HALOs' code
// differs: its regulariser is −λ times the per-token log-probs, a [B, T] tensor added to the [B]
// hinge, so the broadcast lines B up with T and fails for a batch over 1 (unless B = T); at B = 1
// it trains the hinge plus λ times the mean token NLL, not the sequence NLL used here.
Consumes(DataKind.Paired);
var delta = Param("beta", 1.0, "margin δ the chosen log-likelihood must exceed the rejected one by");
var lambda = Param("lambda_coef", 0.1, "weight λ of the chosen-completion NLL regulariser");

var calibration = relu(delta - PolicyChosen + PolicyRejected);
return Loss(calibration + lambda * -PolicyChosen,
            chosenRewards: PolicyChosen.detach(), rejectedRewards: PolicyRejected.detach());
