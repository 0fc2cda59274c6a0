// losses/ipo.csx: Identity Preference Optimisation (IPO), length-normalised.
// Azar et al. 2023, "A General Theoretical Paradigm to Understand Learning from Human Preferences",
// eq. 17: L = (h − 1/(2τ))², h the difference of log-ratios. As in TRL and HALOs the log-probs are
// averaged over tokens (so long completions do not dominate). HALOs' default τ = 0.1.
Consumes(DataKind.Paired);
UsesReference();
var tau = Param("tau", 0.1, "regularisation strength τ; the target log-ratio gap is 1/(2τ)");

var chosen = masked_mean(PolicyChosenPerToken, ChosenMask) - masked_mean(ReferenceChosenPerToken, ChosenMask);
var rejected = masked_mean(PolicyRejectedPerToken, RejectedMask) - masked_mean(ReferenceRejectedPerToken, RejectedMask);
var h = chosen - rejected;
return Loss((h - 1 / (2 * tau)).square(),
            chosenRewards: tau * chosen.detach(), rejectedRewards: tau * rejected.detach());
