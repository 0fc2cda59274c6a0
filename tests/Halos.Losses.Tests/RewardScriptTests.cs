using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Rewards;
using Halos.Losses.Compilation;
using Halos.Losses.Rewards;
using Halos.Abstractions.Losses;

namespace Halos.Losses.Tests;

/// <summary>
/// Reward scripts (Rewards:Sources of Type "script"): what a script sees of the prompt, the completion and the data
/// row, null to skip a completion, the loss scripts' sandbox, and errors that name the script's line and the row.
/// </summary>
public class RewardScriptTests
{
    private static RewardQuery Query(string completion, string? rowJson = null, string id = "train.jsonl:7", IReadOnlyList<int>? ids = null,
        IReadOnlyList<ChatMessage>? messages = null) =>
        new(id, "What is 2 + 3? A:", messages, completion, ids ?? [], rowJson is null ? null : JsonDocument.Parse(rowJson).RootElement.Clone());

    private static RewardScript Load(string text) => RewardScript.Load(TempScripts.Write(text, "reward"));

    [Theory]
    [InlineData(" 5", 1.0)]
    [InlineData(" the sum is 4, no wait, 5", 1.0)]
    [InlineData(" \\boxed{5} then 7", 1.0)]
    [InlineData(" 6", 0.0)]
    [InlineData(" five", 0.0)]
    public void The_arithmetic_example_compares_the_final_answer_with_the_answer_column(string completion, double expected)
    {
        var script = RewardScript.Load(Path.Combine(RepoPaths.Root, "rewards", "arithmetic.csx"));
        Assert.Equal(expected, script.Score(Query(completion, """{"prompt": "What is 2 + 3? A:", "answer": 5}""")));
        Assert.Equal(expected, script.Score(Query(completion, """{"prompt": "What is 2 + 3? A:", "answer": "5.0"}""")));
        // A row without an answer is skipped rather than scored 0.
        Assert.Null(script.Score(Query(completion, """{"prompt": "What is 2 + 3? A:"}""")));
    }

    [Fact]
    public void A_script_sees_prompt_messages_completion_ids_and_the_rows_other_fields()
    {
        var script = Load("""
            var user = Messages is null ? "none" : Messages[^1].Content;
            return Prompt.Length + 10 * Completion.Length + 100 * CompletionIds.Sum() + 1000 * (Number("bonus") ?? -1) + (user == "hi" ? 0.5 : 0);
            """);
        var value = script.Score(Query("abc", """{"bonus": 2, "other": "x"}""", ids: [1, 2], messages: [new ChatMessage("user", "hi")]));
        Assert.Equal("What is 2 + 3? A:".Length + 30 + 300 + 2000 + 0.5, value);
        Assert.Equal("What is 2 + 3? A:".Length + 30 - 1000, script.Score(Query("abc")));
        var even = RewardScript.Load(Path.Combine(RepoPaths.Root, "rewards", "even_tokens.csx"));
        Assert.Equal(0.75, even.Score(Query("", ids: [2, 4, 5, 6])));
        Assert.Equal(0.0, even.Score(Query("")));
    }

    [Fact]
    public void A_throwing_script_is_named_with_its_line_and_the_row()
    {
        var script = Load("var n = Completion.Length;\nif (n > 2) throw new InvalidOperationException(\"too long\");\nreturn n;");
        Assert.Equal(2.0, script.Score(Query("ab")));
        var e = Assert.Throws<RewardScriptException>(() => script.Score(Query("abcd", id: "prompts.jsonl:42")));
        Assert.Contains(".csx(2): while rewarding row prompts.jsonl:42: InvalidOperationException: too long", e.Message);
        Assert.Equal(2, e.Line);

        var nan = Load("return double.NaN;");
        var refused = Assert.Throws<RewardScriptException>(() => nan.Score(Query("x", id: "r:1")));
        Assert.Contains("a reward must be a finite number, or null to skip the completion", refused.Message);
        Assert.Contains("row r:1", refused.Message);
    }

    [Theory]
    [InlineData("return System.IO.File.ReadAllText(\"/etc/passwd\").Length;", "System.IO.File")]
    [InlineData("return System.Diagnostics.Process.GetCurrentProcess().Id;", "System.Diagnostics.Process")]
    [InlineData("double F(int n) => n == 0 ? 0 : F(n - 1);\nreturn F(3);", "recursion is not allowed")]
    public void Reward_scripts_are_sandboxed_as_loss_scripts_are(string text, string expected)
    {
        var e = Assert.Throws<LossCompilationException>(() => Load(text));
        Assert.Contains(expected, string.Join("\n", e.Diagnostics));
    }

    [Fact]
    public void A_script_stuck_in_a_loop_is_stopped_by_the_watchdog()
    {
        var script = RewardScript.Load(TempScripts.Write("var i = 0;\nwhile (Completion.Length > 0) { i++; }\nreturn i;", "reward"),
            callTimeout: TimeSpan.FromMilliseconds(200));
        var e = Assert.ThrowsAny<LossTimeoutException>(() => script.Score(Query("x", id: "r:3")));
        Assert.Contains("reward-", e.Message);
        Assert.Contains("0.2", e.Message);
    }

    [Fact]
    public void A_script_that_does_not_return_a_number_does_not_compile()
    {
        var e = Assert.Throws<LossCompilationException>(() => Load("return \"five\";"));
        Assert.Contains("reward", e.Message + string.Join("\n", e.Diagnostics), StringComparison.OrdinalIgnoreCase);
    }
}
