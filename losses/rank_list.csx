// losses/rank_list.csx: the ranked-list reward-model loss (the ranked-review reward model).
// A list of N responses ranked best first is the N(N−1)/2 Bradley-Terry comparisons it implies
// (Ouyang et al. 2022, eq. 1, which averages over the K-choose-2 pairs of a ranking):
//   L = mean over valid ordered pairs i < j of −log σ(s_i − s_j).
// RankedMask marks the responses a list has, so lists of different lengths share a batch.
Consumes(DataKind.Ranked);

var s = RankedScores;                                    // [B, N], best first
var present = RankedMask.to(s.dtype);                    // [B, N]
var gap = s.unsqueeze(2) - s.unsqueeze(1);               // gap[b, i, j] = s_i − s_j
var later = torch.ones_like(gap[0]).triu(1);             // i < j
var pairs = later.unsqueeze(0) * present.unsqueeze(2) * present.unsqueeze(1);
var pairCount = pairs.sum(new long[] { 1, 2 });
var losses = (-logsigmoid(gap) * pairs).sum(new long[] { 1, 2 }) / pairCount.clamp_min(1);
Metric("pair_accuracy", ((gap > 0).to(s.dtype) * pairs).sum() / pairs.sum().clamp_min(1));
return Loss(losses, chosenRewards: s.select(1, 0).detach());
