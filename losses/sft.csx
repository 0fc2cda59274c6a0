// losses/sft.csx: supervised fine-tuning, the negative log-likelihood of the completion.
// Two poolings of the token NLL, chosen with trl_token_pooling:
//   false (default): per example, the mean token NLL −log π(y|x) / |y| (HALOs' SFTTrainer), so
//     microbatches of ragged lengths weigh examples equally;
//   true: TRL's SFTTrainer, one cross-entropy pooled over every completion token of the batch,
//     Σ NLL / Σ |y|, so long answers weigh more. Written per example as B · NLL_i / Σ_j |y_j|,
//     whose batch mean is the pooled value; pooling is within a microbatch, as TRL pools per
//     device batch.
// In a paired combination it trains on the chosen completions.
Consumes(DataKind.Sft);
var pooled = Param("trl_token_pooling", false, "true: TRL's token pooling over the batch; false: each example's mean token NLL");

return pooled
    ? Loss(-Policy * Lengths.numel() / Lengths.sum().clamp_min(1))
    : Loss(-Policy / Lengths.clamp_min(1));
