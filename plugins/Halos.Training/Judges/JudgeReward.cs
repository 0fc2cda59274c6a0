using Microsoft.Extensions.Logging;
using Halos.Abstractions.Rewards;

namespace Halos.Training.Judges;

/// <summary>
/// Reward source <c>judge</c>: an LLM behind an OpenAI-compatible endpoint grades the completions.
/// <list type="bullet">
/// <item><c>pointwise</c>: each completion's score from 1 to 10.</item>
/// <item><c>pairwise</c>: within each prompt's group, every pair of completions is judged in both orders; a pair
/// whose verdict flips with the order is a tie (half a win each), and is logged. A completion's reward is its share
/// of wins over its comparisons (1 for the better of two, 0 for the worse).</item>
/// </list>
/// A reply that cannot be read is asked once more, then the completion (pointwise) or the pair (pairwise) is skipped
/// and counted; an endpoint that stays down stops the run with <see cref="JudgeUnavailableException"/>.
/// </summary>
public sealed class JudgeReward(string name, JudgeSettings settings, string template, JudgeClient client, ILogger log) : IRewardFunction, IDisposable
{
    private long _unreadable, _orderDependent;

    public string Name => name;

    public JudgeClient Client => client;

    /// <summary>Completions (pointwise) or pairs (pairwise) skipped because no reply could be read.</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>Pairs whose verdict flipped with the order, counted as ties.</summary>
    public long OrderDependent => Interlocked.Read(ref _orderDependent);

    public IReadOnlyList<double?> Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken) =>
        (settings.Mode == "pairwise" ? Pairwise(queries, cancellationToken) : Pointwise(queries, cancellationToken)).GetAwaiter().GetResult();

    private async Task<double?[]> Pointwise(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken)
    {
        var scores = await Task.WhenAll(queries.Select(q => client.Ask(
            JudgeTemplates.Fill(template, new Dictionary<string, string> { ["prompt"] = q.PromptText, ["completion"] = q.Completion }),
            VerdictParser.Score, cancellationToken)));
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] is not null) continue;
            Interlocked.Increment(ref _unreadable);
            log.LogWarning("judge {Judge}: no score could be read from the replies about {RowId} (asked twice); the completion is skipped", name, queries[i].RowId);
        }
        return scores;
    }

    private async Task<double?[]> Pairwise(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken)
    {
        // A prompt's completions are consecutive and share its row id.
        var groups = new List<List<int>>();
        for (var i = 0; i < queries.Count; i++)
        {
            if (groups.Count == 0 || queries[groups[^1][0]].RowId != queries[i].RowId) groups.Add([]);
            groups[^1].Add(i);
        }
        var comparisons = groups.SelectMany(g => from a in g from b in g where a < b select (A: a, B: b)).ToList();
        var outcomes = await Task.WhenAll(comparisons.Select(pair => Compare(queries, pair.A, pair.B, cancellationToken)));
        var wins = new double[queries.Count];
        var judged = new int[queries.Count];
        for (var c = 0; c < comparisons.Count; c++)
        {
            if (outcomes[c] is not { } firstWins) continue;
            var (a, b) = comparisons[c];
            wins[a] += firstWins;
            wins[b] += 1 - firstWins;
            judged[a]++;
            judged[b]++;
        }
        return Enumerable.Range(0, queries.Count).Select(i => judged[i] == 0 ? (double?)null : wins[i] / judged[i]).ToArray();
    }

    /// <summary>1 when <paramref name="a"/> wins in both orders, 0 when <paramref name="b"/> does, 0.5 for an order-dependent verdict, null when unreadable.</summary>
    private async Task<double?> Compare(IReadOnlyList<RewardQuery> queries, int a, int b, CancellationToken cancellationToken)
    {
        string Ask(int first, int second) => JudgeTemplates.Fill(template, new Dictionary<string, string>
        {
            ["prompt"] = queries[first].PromptText, ["a"] = queries[first].Completion, ["b"] = queries[second].Completion,
        });
        var forward = client.Ask(Ask(a, b), VerdictParser.Verdict, cancellationToken);
        var backward = client.Ask(Ask(b, a), VerdictParser.Verdict, cancellationToken);
        var (one, two) = (await forward, await backward);
        if (one is null || two is null)
        {
            Interlocked.Increment(ref _unreadable);
            log.LogWarning("judge {Judge}: no verdict could be read on {RowId} (completions {A} and {B}, asked twice); the pair is skipped", name, queries[a].RowId, a, b);
            return null;
        }
        // Forward "A" and backward "B" both name completion a.
        if (one == 'A' && two == 'B') return 1;
        if (one == 'B' && two == 'A') return 0;
        Interlocked.Increment(ref _orderDependent);
        log.LogWarning("judge {Judge}: the verdict on {RowId} (completions {A} and {B}) changed with their order ({First}, then {Second}); counted as a tie", name, queries[a].RowId, a, b, one, two);
        return 0.5;
    }

    public void Dispose() => client.Dispose();
}
