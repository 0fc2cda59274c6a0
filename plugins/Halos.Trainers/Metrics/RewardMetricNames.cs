namespace Halos.Trainers.Metrics;

/// <summary>The names reward-model metrics are logged under, matching the loop's TRL spellings where one exists.</summary>
public static class RewardMetricNames
{
    public const string Accuracies = "rewards/accuracies";
    public const string Margins = "rewards/margins";

    /// <summary>Mean score of every response seen.</summary>
    public const string Mean = "rewards/mean";

    /// <summary>Standard deviation of the scores within a microbatch, averaged over microbatches.</summary>
    public const string Std = "rewards/std";
}
