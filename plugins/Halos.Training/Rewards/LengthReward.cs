using Halos.Abstractions.Rewards;

namespace Halos.Training.Rewards;

/// <summary>
/// Built-in reward <c>length</c>: DAPO's soft over-long punishment (Yu et al. 2025, eq. 13). A completion of up to
/// <c>TargetLength</c> tokens gets 0; past it the penalty grows linearly to −1 at <c>TargetLength + Buffer</c>, and
/// stays −1 beyond.
/// </summary>
public sealed class LengthReward(string name, int targetLength, int buffer) : IRewardFunction
{
    public string Name => name;

    public IReadOnlyList<double?> Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken) =>
        queries.Select(q => (double?)Penalty(q.CompletionIds.Count)).ToList();

    public double Penalty(int length) =>
        length <= targetLength ? 0 : buffer == 0 || length >= targetLength + buffer ? -1 : -(double)(length - targetLength) / buffer;
}
