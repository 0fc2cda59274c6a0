// losses/rank_list.csx: the ranked-list reward-model loss (the ranked-review reward model).
// A list of N responses ranked best first is the N(N−1)/2 Bradley-Terry comparisons it implies
// (Ouyang et al. 2022, eq. 1, which averages over the K-choose-2 pairs of a ranking):
//   L = mean over valid ordered pairs i < j of −log σ(s_i − s_j).
// RankedMask marks the responses a list has, so lists of different lengths share a batch.
//
// Normalisation, chosen with pool_pairs_over_batch (they agree when every list has the same length):
//   false (default, from Ouyang et al. 2022, eq. 1): each list's loss is the mean over its own pairs,
//     1/C(K,2) per prompt, then lists weigh equally;
//   true: the mean over every pair in the batch, as an implementation that flattens all pairs of a
//     batch into one mean does, so a long list weighs by its pair count. Written per list as
//     B · Σ_list / Σ_batch pairs, whose batch mean is the pooled value; pooled within a microbatch.
Consumes(DataKind.Ranked);
var pooled = Param("pool_pairs_over_batch", false, "true: average over every pair in the batch; false: each list's pair mean, then over lists");

var s = RankedScores;                                    // [B, N], best first
var present = RankedMask.to(s.dtype);                    // [B, N]
var gap = s.unsqueeze(2) - s.unsqueeze(1);               // gap[b, i, j] = s_i − s_j
var later = torch.ones_like(gap[0]).triu(1);             // i < j
var pairs = later.unsqueeze(0) * present.unsqueeze(2) * present.unsqueeze(1);
var pairCount = pairs.sum(new long[] { 1, 2 });
var listSums = (-logsigmoid(gap) * pairs).sum(new long[] { 1, 2 });
var losses = pooled
    ? listSums * pairCount.numel() / pairCount.sum().clamp_min(1)
    : listSums / pairCount.clamp_min(1);
Metric("pair_accuracy", ((gap > 0).to(s.dtype) * pairs).sum() / pairs.sum().clamp_min(1));
return Loss(losses, chosenRewards: s.select(1, 0).detach());
