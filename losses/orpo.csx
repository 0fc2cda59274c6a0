// losses/orpo.csx: Odds Ratio Preference Optimization, reference-free.
// Hong et al. 2024, "ORPO: Monolithic Preference Optimization without Reference Model", eqs. 6-8:
//   L = L_SFT + λ · −log σ(log odds(y_w) − log odds(y_l)),  odds(y) = P(y) / (1 − P(y)),
// with P(y) the per-token mean likelihood, as in the paper and TRL. log(1 − P) is log1mexp of the
// mean log-prob, which stays finite where 1 − exp(x) would round to 0. TRL's default λ (beta) = 0.1.
//
// L_SFT, two forms:
//   trl_pooled_nll = false (default, the paper's eq. 6 per example): each example's mean NLL over
//     its chosen-completion tokens, so every example weighs the same.
//   trl_pooled_nll = true (TRL's ORPOTrainer): one cross-entropy pooled over the tokens of every
//     chosen sequence in the batch, Σ NLL / Σ tokens, so long answers weigh more. Written per
//     example as B · NLL_i / Σ_j |y_j|, whose batch mean is the pooled value.
//     The remaining difference: TRL's labels are the whole chosen sequence (prompt and completion,
//     masked only by the attention mask), while a loss script sees completion tokens only; this
//     form pools the completion tokens. Pooling is within a microbatch, as TRL pools per device batch.
Consumes(DataKind.Paired);
var lambda = Param("beta", 0.1, "weight λ of the odds-ratio term against the chosen NLL");
var pooled = Param("trl_pooled_nll", false, "true: TRL's chosen NLL pooled over the batch's tokens; false: each example's mean token NLL");

var chosen = masked_mean(PolicyChosenPerToken, ChosenMask);          // mean log P per token, ≤ 0
var rejected = masked_mean(PolicyRejectedPerToken, RejectedMask);
var logOdds = (chosen - rejected) - (log1mexp(chosen) - log1mexp(rejected));
var ratioLoss = -logsigmoid(logOdds);
var nll = pooled
    ? -masked_sum(PolicyChosenPerToken, ChosenMask) * chosen.numel() / ChosenMask.sum().clamp_min(1)
    : -chosen;
Metric("log_odds_ratio", logOdds.mean());
return Loss(nll + lambda * ratioLoss,
            chosenRewards: lambda * chosen.detach(), rejectedRewards: lambda * rejected.detach());
