// losses/orpo.csx: Odds Ratio Preference Optimization, reference-free.
// Hong et al. 2024, "ORPO: Monolithic Preference Optimization without Reference Model", eqs. 6-8:
//   L = L_SFT + λ · −log σ(log odds(y_w) − log odds(y_l)),  odds(y) = P(y) / (1 − P(y)),
// with P(y) the per-token mean likelihood, as in the paper and TRL. log(1 − P) is log1mexp of the
// mean log-prob, which stays finite where 1 − exp(x) would round to 0. TRL's default λ (beta) = 0.1.
Consumes(DataKind.Paired);
var lambda = Param("beta", 0.1, "weight λ of the odds-ratio term against the chosen NLL");

var chosen = masked_mean(PolicyChosenPerToken, ChosenMask);          // mean log P per token, ≤ 0
var rejected = masked_mean(PolicyRejectedPerToken, RejectedMask);
var logOdds = (chosen - rejected) - (log1mexp(chosen) - log1mexp(rejected));
var ratioLoss = -logsigmoid(logOdds);
Metric("log_odds_ratio", logOdds.mean());
return Loss(-chosen + lambda * ratioLoss,
            chosenRewards: lambda * chosen.detach(), rejectedRewards: lambda * rejected.detach());
