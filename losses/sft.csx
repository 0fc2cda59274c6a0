// losses/sft.csx: supervised fine-tuning, the negative log-likelihood of the completion.
// Per example it is the mean token NLL, −log π(y|x) / |y| (the per-token cross-entropy that
// TRL's SFTTrainer and HALOs' SFTTrainer minimise, taken per example so microbatches of ragged
// lengths weigh examples equally). In a paired combination it trains on the chosen completions.
Consumes(DataKind.Sft);

return Loss(-Policy / Lengths.clamp_min(1));
