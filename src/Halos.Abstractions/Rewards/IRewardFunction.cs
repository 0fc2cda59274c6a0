namespace Halos.Abstractions.Rewards;

/// <summary>
/// Rewards completions during online training: a reward script, a built-in rule, a reward model, or an LLM judge.
/// Each of <c>Rewards:Sources</c> is one; a row's total reward is their weighted sum.
/// </summary>
public interface IRewardFunction
{
    /// <summary>The name its metrics are logged under (<c>rewards/NAME/mean</c>).</summary>
    string Name { get; }

    /// <summary>One reward per query, in order; null where the source skips the completion.</summary>
    IReadOnlyList<double?> Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken);
}
