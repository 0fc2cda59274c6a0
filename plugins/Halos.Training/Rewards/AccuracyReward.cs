using Halos.Abstractions.Rewards;

namespace Halos.Training.Rewards;

/// <summary>
/// Built-in reward <c>accuracy</c>: 1 when the completion's final answer (<see cref="FinalAnswer.Of"/>) equals the row's
/// answer field, numerically where both parse as numbers; 0 otherwise. A row without the field is skipped (null),
/// as TRL's <c>accuracy_reward</c> skips a solution it cannot parse.
/// </summary>
public sealed class AccuracyReward(string name, string field) : IRewardFunction
{
    public string Name => name;

    public IReadOnlyList<double?> Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken) =>
        queries.Select(q => Expected(q) is { } expected ? (double?)(FinalAnswer.Same(FinalAnswer.Of(q.Completion), expected) ? 1 : 0) : null).ToList();

    private string? Expected(RewardQuery query)
    {
        if (query.Row is not { ValueKind: System.Text.Json.JsonValueKind.Object } row || !row.TryGetProperty(field, out var value)) return null;
        var text = value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : value.GetRawText();
        return text is null ? null : FinalAnswer.Of(text) ?? text;
    }
}
