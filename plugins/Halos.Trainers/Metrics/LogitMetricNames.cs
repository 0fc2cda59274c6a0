namespace Halos.Trainers.Metrics;

/// <summary>The token-level diagnostics the trainers measure for the logs, under TRL's names.</summary>
public static class LogitMetricNames
{
    /// <summary>The logits at the chosen (desirable) completions' tokens, averaged over the vocabulary and the tokens.</summary>
    public const string Chosen = "logits/chosen";

    /// <summary>The same over the rejected (undesirable) completions.</summary>
    public const string Rejected = "logits/rejected";

    /// <summary>SFT: the share of completion tokens whose most likely token under the policy is the labelled one.</summary>
    public const string MeanTokenAccuracy = "mean_token_accuracy";

    /// <summary>Grouped (GRPO, RLOO): the policy's next-token entropy in nats, averaged over the completion tokens.</summary>
    public const string Entropy = "entropy";
}
