// losses/plackett_luce.csx: the Plackett-Luce listwise loss (ListMLE).
// Plackett 1975, Luce 1959; as a ranking loss Xia et al. 2008, "Listwise Approach to Learning to
// Rank", eq. 9: the negative log-likelihood of the observed order, best first,
//   L = Σ_k [log Σ_{j≥k} exp(s_j) − s_k]   over the responses the list has.
// Responses a list lacks are filled with a score 10⁴ below the batch minimum, which contributes
// exp(−10⁴) = 0 to every sum without the NaN gradients a −∞ fill would give.
Consumes(DataKind.Ranked);

var s = RankedScores;                                    // [B, N], best first
var present = RankedMask;                                // [B, N] bool
var n = s.size(1);
var fromK = torch.ones_like(s[0]).unsqueeze(1).expand(n, n).triu(0).to(ScalarType.Bool);  // [k, j]: j ≥ k
var allowed = fromK.unsqueeze(0) & present.unsqueeze(1);                                 // [B, k, j]
var floor = s.detach().min() - 1e4;
var candidates = s.unsqueeze(1).expand(s.size(0), n, n).masked_fill(!allowed, floor);
var terms = (candidates.logsumexp(-1) - s) * present.to(s.dtype);
return Loss(terms.sum(-1), chosenRewards: s.select(1, 0).detach());
