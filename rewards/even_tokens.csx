// rewards/even_tokens.csx: the share of the completion's tokens whose id is even, the rule of the GRPO step peer
// (../shared/bench/peer_grpo_step.py); an empty completion scores 0.
if (CompletionIds.Count == 0) return 0.0;
return CompletionIds.Count(id => id % 2 == 0) / (double)CompletionIds.Count;
