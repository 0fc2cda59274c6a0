using Halos.Tests.Shared;
using System.Diagnostics;
using Halos.Abstractions.Rewards;
using Halos.Training.Judges;
using Halos.Training.Tests.Support;

namespace Halos.Training.Tests;

/// <summary>
/// The LLM judge against a fake OpenAI-compatible server on 127.0.0.1: pointwise scores, pairwise verdicts in both
/// orders (an order-dependent one is a tie), retries on 429 (Retry-After honoured), 500 and timeouts, unreadable
/// replies (asked once more, then skipped), a server that stays down, the disk cache, and the API key's handling.
/// </summary>
public sealed class JudgeRewardTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("halos-judge-cache-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private JudgeReward Judge(FakeChatServer server, string mode = "pointwise", bool cache = true, double timeoutSeconds = 5, int retries = 3,
        string? keyVariable = null, StringWriter? log = null)
    {
        var settings = new JudgeSettings
        {
            Endpoint = new Uri(server.Endpoint), Model = "fake-judge", Mode = mode, ApiKeyVariable = keyVariable,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds), MaxRetries = retries, RetryDelay = TimeSpan.FromMilliseconds(20),
            CacheFolder = cache ? _cache : null,
        };
        return new JudgeReward("judge", settings, JudgeTemplates.Load(mode, null, "Rewards:Sources:0"), new JudgeClient(settings, "Rewards:Sources:0"),
            new WriterLogger(log ?? new StringWriter()));
    }

    private static RewardQuery Query(string completion, string row = "p.jsonl:1") => new(row, "What is 2 + 3?", null, completion, [], null);

    [Fact]
    public void Pointwise_scores_are_read_from_the_reply_and_cached_on_disk()
    {
        using var server = new FakeChatServer((message, _) => FakeReply.Say(message.Contains("[Response]\n5") ? "Right.\nScore: 9" : "Wrong. Score: 2"));
        using (var judge = Judge(server))
            Assert.Equal(new double?[] { 9, 2 }, judge.Score([Query("5"), Query("6")], CancellationToken.None));
        Assert.Equal(2, server.Requests);
        // A second judge (a resumed run, a second labelling) asks nothing it has asked before.
        using (var again = Judge(server))
        {
            Assert.Equal(new double?[] { 9, 2, 2 }, again.Score([Query("5"), Query("6"), Query("7")], CancellationToken.None));
            Assert.Equal(2, again.Client.CacheHits);
        }
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public void Pairwise_judges_both_orders_and_an_order_dependent_verdict_is_a_tie()
    {
        // A fair judge prefers the response "5" wherever it stands.
        using var fair = new FakeChatServer((message, _) => FakeReply.Say(message.Contains("[Response A]\n5\n") ? "Verdict: A" : "Verdict: B"));
        using (var judge = Judge(fair, "pairwise", cache: false))
            Assert.Equal(new double?[] { 0, 1, 0.5, 0.5 }, judge.Score([Query("6"), Query("5"), Query("7", "p.jsonl:2"), Query("8", "p.jsonl:2")], CancellationToken.None));

        // A judge that always answers A contradicts itself when the order flips: a tie, logged.
        using var biased = new FakeChatServer((_, _) => FakeReply.Say("Verdict: A"));
        var log = new StringWriter();
        using var judgeBiased = Judge(biased, "pairwise", cache: false, log: log);
        Assert.Equal(new double?[] { 0.5, 0.5 }, judgeBiased.Score([Query("6"), Query("5")], CancellationToken.None));
        Assert.Equal(1, judgeBiased.OrderDependent);
        Assert.Contains("changed with their order (A, then A); counted as a tie", log.ToString());
        Assert.Equal(2, biased.Requests);
    }

    [Fact]
    public void Rate_limits_honour_retry_after_and_server_errors_and_timeouts_are_retried()
    {
        using var server = new FakeChatServer((_, n) => n switch
        {
            1 => new FakeReply(429, """{"error":{"message":"slow down"}}""", Headers: new Dictionary<string, string> { ["Retry-After"] = "1" }),
            2 => new FakeReply(500, """{"error":{"message":"oops"}}"""),
            3 => new FakeReply(200, "Score: 4", Delay: TimeSpan.FromSeconds(3)),
            _ => FakeReply.Say("Score: 6"),
        });
        using var judge = Judge(server, cache: false, timeoutSeconds: 0.5, retries: 4);
        var clock = Stopwatch.StartNew();
        Assert.Equal(new double?[] { 6 }, judge.Score([Query("5")], CancellationToken.None));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"Retry-After: 1 was not honoured ({clock.Elapsed.TotalSeconds:F2} s)");
        Assert.Equal(4, server.Requests);
        Assert.Equal(3, judge.Client.Retries);
    }

    [Fact]
    public void An_unreadable_reply_is_asked_once_more_then_skipped_never_guessed()
    {
        using var server = new FakeChatServer((message, n) => message.Contains("[Response]\ntruncated")
            ? new FakeReply(200, """{"id":"x","object":"chat.compl""", Raw: true)
            : message.Contains("[Response]\nsecond") && n % 2 == 1 ? FakeReply.Say("I cannot decide.") : FakeReply.Say("No verdict here, sorry."));
        using var judge = Judge(server, cache: false);
        Assert.Equal(new double?[] { null, null }, judge.Score([Query("truncated"), Query("vague")], CancellationToken.None));
        Assert.Equal(4, server.Requests);
        Assert.Equal(2, judge.Unreadable);
    }

    [Fact]
    public void A_server_that_stays_down_stops_with_a_clear_error()
    {
        using var server = new FakeChatServer((_, _) => new FakeReply(503, """{"error":{"message":"down"}}"""));
        using var judge = Judge(server, cache: false, retries: 2);
        var e = Assert.Throws<JudgeUnavailableException>(() => judge.Score([Query("5")], CancellationToken.None));
        Assert.Contains($"judge fake-judge at {server.Endpoint}", e.Message);
        Assert.Contains("unavailable: HTTP 503, after 2 retries", e.Message);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public void The_api_key_comes_from_its_variable_and_goes_only_into_the_authorization_header()
    {
        const string variable = "HALOS_TEST_JUDGE_KEY";
        const string key = "sk-test-5f1b2c9d";
        using var server = new FakeChatServer((_, _) => new FakeReply(401, """{"error":{"message":"bad key"}}"""));
        var missing = Assert.Throws<InvalidOperationException>(() => Judge(server, keyVariable: variable + "_UNSET"));
        Assert.Contains("the environment variable HALOS_TEST_JUDGE_KEY_UNSET is not set", missing.Message);

        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            using var judge = Judge(server, keyVariable: variable, cache: false);
            var e = Assert.Throws<JudgeUnavailableException>(() => judge.Score([Query("5")], CancellationToken.None));
            Assert.Contains("refused the request: HTTP 401", e.Message);
            Assert.DoesNotContain(key, e.ToString());
            Assert.Equal([$"Bearer {key}"], server.Authorizations);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("Score: 7", 7.0)]
    [InlineData("**Score:** 10", 10.0)]
    [InlineData("score = 3\nOn reflection, Score: 4", 4.0)]
    [InlineData("Score: 11", null)]
    [InlineData("Score: 0", null)]
    [InlineData("seven", null)]
    public void Scores_are_the_last_score_line_from_1_to_10(string reply, double? expected) => Assert.Equal(expected, VerdictParser.Score(reply));

    [Theory]
    [InlineData("Verdict: A", 'A')]
    [InlineData("B is longer, but Verdict: [A]", 'A')]
    [InlineData("verdict: b", 'B')]
    [InlineData("Both are fine.", null)]
    public void Verdicts_are_the_last_verdict_line(string reply, char? expected) => Assert.Equal(expected, VerdictParser.Verdict(reply));
}
