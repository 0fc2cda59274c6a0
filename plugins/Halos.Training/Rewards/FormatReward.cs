using System.Text.RegularExpressions;
using Halos.Abstractions.Rewards;

namespace Halos.Training.Rewards;

/// <summary>
/// Built-in reward <c>format</c>: 1 when the completion matches the regular expression, 0 otherwise. The whole
/// completion must match (as TRL's format rewards use <c>re.match</c> on a pattern ending in <c>$</c>), and <c>.</c>
/// matches newlines too, so <c>&lt;think&gt;.*?&lt;/think&gt;\s*&lt;answer&gt;.*?&lt;/answer&gt;</c> checks a whole reply.
/// </summary>
public sealed class FormatReward : IRewardFunction
{
    private readonly Regex _pattern;

    public FormatReward(string name, string pattern)
    {
        Name = name;
        _pattern = new Regex($"^(?:{pattern})$", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Name { get; }

    public IReadOnlyList<double?> Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken) =>
        queries.Select(q => (double?)(_pattern.IsMatch(q.Completion) ? 1 : 0)).ToList();
}
