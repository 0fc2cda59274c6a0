namespace Halos.Training.Metrics;

/// <summary>The metric names the loop logs, spelled as TRL and HALOs spell them so dashboards carry over.</summary>
public static class MetricNames
{
    public const string Loss = "loss";
    public const string RewardsChosen = "rewards/chosen";
    public const string RewardsRejected = "rewards/rejected";
    public const string RewardsMargins = "rewards/margins";
    public const string RewardsAccuracies = "rewards/accuracies";
    public const string LogpsChosen = "logps/chosen";
    public const string LogpsRejected = "logps/rejected";
    public const string Kl = "kl";

    // Online runs, with TRL's GRPOTrainer names.
    public const string Reward = "reward";
    public const string RewardStd = "reward_std";
    public const string CompletionsMeanLength = "completions/mean_length";
    public const string CompletionsClippedRatio = "completions/clipped_ratio";
    public const string GenerationSeconds = "generation/seconds";
    public const string GenerationTokensPerSecond = "generation/tokens_per_second";
    public const string GradNorm = "grad_norm";
    public const string LearningRate = "learning_rate";
    public const string TokensPerSecond = "tokens_per_second";
    public const string ExamplesPerSecond = "examples_per_second";
    public const string Epoch = "epoch";

    /// <summary>Real (non-padding) input tokens trained on so far over every rank, prompts included, as TRL logs it.</summary>
    public const string NumTokens = "num_tokens";

    /// <summary>Steps skipped so far because their loss or gradient norm was not finite.</summary>
    public const string SkippedSteps = "skipped_steps";

    public const string TrainPhase = "train";
    public const string EvalPhase = "eval";
}
