using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Data.Tokenization;
using static Halos.Data.Tests.Support.TestPaths;

namespace Halos.Data.Tests;

/// <summary>
/// The over-length policies on constructed rows. <see cref="CharTokenizer"/> makes one token per character,
/// so every budget below is checked against lengths computed by hand.
/// </summary>
public class OverLengthPolicyTests
{
    /// <summary>One token per char (id = char code), BOS 1, EOS 2; a template "[role]content|" with header "[assistant]".</summary>
    private sealed class CharTokenizer : ITokenizer
    {
        public int VocabSize => 65536;
        public int? BosTokenId => 1;
        public int? EosTokenId => 2;
        public int? PadTokenId => 0;
        public int[] Encode(string text, bool addSpecialTokens = true) => text.Select(c => (int)c).ToArray();
        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false) => new(ids.Select(i => i == 1 ? '^' : i == 2 ? '$' : (char)i).ToArray());
        public string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
            string.Concat(messages.Select(m => $"[{m.Role[0]}]{m.Content}|")) + (addGenerationPrompt ? "[a]" : "");
    }

    private static readonly CharTokenizer Chars = new();

    private static PairedExample TextPair(string prompt, string chosen, string rejected) => new("row:1", Prompt.FromText(prompt), chosen, rejected);

    private static PairedExample Conversation() => new("row:2",
        Prompt.FromMessages([new("system", "S"), new("user", "u1"), new("assistant", "a1"), new("user", "u2"), new("assistant", "a2"), new("user", "u3")]),
        "yes", "no");

    private static string Text(TokenSequence s, bool prompt) => Chars.Decode(prompt ? s.PromptIds.ToArray() : s.CompletionIds.ToArray());

    [Fact]
    public void RowsWithinTheLimitsAreUntouched()
    {
        // ^prompt = 7 tokens; chosen "abc$" = 4, total 11.
        var encoded = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 11, MaxPromptLength = 7 }).Encode(TextPair("prompt", "abc", "de"), out var affected)!;
        Assert.Null(affected);
        Assert.False(encoded.Truncated);
        Assert.Equal(("^prompt", "abc$"), (Text(encoded.Sequences[0], true), Text(encoded.Sequences[0], false)));
    }

    [Fact]
    public void TruncateCutsTheCompletionEndToFitMaxLength()
    {
        var encoded = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 10 }).Encode(TextPair("prompt", "abcdef", "de"), out var affected)!;
        Assert.Equal(OverLengthPolicy.Truncate, affected!.Action);
        Assert.Equal("prompt 7 + completion 7 = 14 tokens, over max_length 10", affected.Reason);
        Assert.Equal(("^prompt", "abc"), (Text(encoded.Sequences[0], true), Text(encoded.Sequences[0], false)));
        Assert.Equal("de$", Text(encoded.Sequences[1], false)); // the shorter rejected fits and is kept whole
        Assert.Equal(10, encoded.Sequences[0].Length);
    }

    [Fact]
    public void TruncateKeepsTheEndOfATextPromptAndItsBos()
    {
        var encoded = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 12, MaxPromptLength = 5 }).Encode(TextPair("0123456789", "abc", "d"), out var affected)!;
        Assert.Equal("prompt is 11 tokens, over max_prompt_length 5", affected!.Reason);
        Assert.Equal("^6789", Text(encoded.Sequences[0], true));
        Assert.Equal("abc$", Text(encoded.Sequences[0], false));
    }

    [Fact]
    public void TruncateDropsTheOldestExchangesFirstKeepingTheSystemTurn()
    {
        // Full prompt "[s]S|[u]u1|[a]a1|[u]u2|[a]a2|[u]u3|[a]" is 38 chars; from u2 on it is 26; from u3 on 14.
        var encoded = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 40, MaxPromptLength = 26 }).Encode(Conversation(), out _)!;
        Assert.Equal("[s]S|[u]u2|[a]a2|[u]u3|[a]", Text(encoded.Sequences[0], true));
        Assert.Equal("yes|", Text(encoded.Sequences[0], false));
        var shorter = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 40, MaxPromptLength = 20 }).Encode(Conversation(), out _)!;
        Assert.Equal("[s]S|[u]u3|[a]", Text(shorter.Sequences[0], true));
    }

    [Fact]
    public void TruncateCutsTokensWhenEvenTheLastTurnIsTooLong()
    {
        var encoded = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 20, MaxPromptLength = 8 }).Encode(Conversation(), out _)!;
        Assert.Equal("|[u]u3|[a]"[^8..], Text(encoded.Sequences[0], true));
    }

    [Fact]
    public void MaxCompletionLengthCutsEachCompletionsEndAndNamesTheLimit()
    {
        // Completions are "abcdef$" (7 tokens with EOS) and "de$" (3); the budget keeps the first 4 of the long one.
        var encoded = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 100, MaxCompletionLength = 4 }).Encode(TextPair("prompt", "abcdef", "de"), out var affected)!;
        Assert.Equal("completion is 7 tokens, over max_completion_length 4", affected!.Reason);
        Assert.Equal(LengthLimit.Completion, affected.Limit);
        Assert.Equal("^prompt", Text(encoded.Sequences[0], true));
        Assert.Equal("abcd", Text(encoded.Sequences[0], false));
        Assert.Equal("de$", Text(encoded.Sequences[1], false));
    }

    [Fact]
    public void MaxCompletionLengthAndMaxLengthTogetherTakeTheTighterCut()
    {
        // Prompt "^p" is 2 tokens; max_length 5 leaves 3 for the completion, tighter than max_completion_length 4.
        var encoded = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 5, MaxCompletionLength = 4 }).Encode(TextPair("p", "abcdef", "de"), out _)!;
        Assert.Equal("abc", Text(encoded.Sequences[0], false));
        Assert.Equal("de$", Text(encoded.Sequences[1], false));
    }

    [Fact]
    public void TheReportCountsRowsByTheFirstLimitTheyBreak()
    {
        var encoder = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 12, MaxPromptLength = 4, MaxCompletionLength = 5, OverLength = OverLengthPolicy.Drop });
        var dataset = encoder.EncodeAll([TextPair("p", "ok", "ok"), TextPair("prompt", "a", "b"), TextPair("q", "long answer", "x"), TextPair("abc", "12345678", "x")]);
        Assert.Equal((1, 2, 0), (dataset.Report.Over(LengthLimit.Prompt), dataset.Report.Over(LengthLimit.Completion), dataset.Report.Over(LengthLimit.Total)));
        Assert.Equal(["row:1"], dataset.Examples.Select(e => e.Source.Id));
        Assert.Contains("max_completion_length 5", dataset.Report.Summary());
    }

    [Fact]
    public void DropLeavesTheRowOutAndCountsIt()
    {
        var encoder = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 10, OverLength = OverLengthPolicy.Drop });
        var dataset = encoder.EncodeAll([TextPair("p", "ok", "ok"), TextPair("prompt", "far too long", "x"), TextPair("q", "fine", "f")]);
        Assert.Equal(["row:1", "row:1"], dataset.Examples.Select(e => e.Source.Id));
        Assert.Equal((3, 1, 0), (dataset.Report.Total, dataset.Report.Dropped, dataset.Report.Truncated));
        Assert.Equal("length policy 'drop': 1 of 3 rows exceed the limits (max_length 10, max_prompt_length none) and were dropped; first: row:1: prompt 7 + completion 13 = 20 tokens, over max_length 10",
            dataset.Report.Summary());
    }

    [Fact]
    public void ErrorStopsNamingTheRowAndLengths()
    {
        var encoder = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 10, OverLength = OverLengthPolicy.Error });
        var e = Assert.Throws<DataFormatException>(() => encoder.EncodeAll([TextPair("p", "ok", "ok"), TextPair("prompt", "far too long", "x")]));
        Assert.StartsWith("row:1: prompt 7 + completion 13 = 20 tokens, over max_length 10", e.Message);
    }

    [Fact]
    public void PretokenizedSequencesAreCutAtTheEnd()
    {
        var pair = new TokenizedPairedExample("t:1", [5, 6, 7, 8, 9], [5, 6]);
        var encoded = new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 3 }).Encode(pair, out var affected)!;
        Assert.Equal([5, 6, 7], encoded.Sequences[0].Ids);
        Assert.Equal(0, encoded.Sequences[0].PromptLength);
        Assert.Equal([5, 6], encoded.Sequences[1].Ids);
        Assert.Equal("sequence is 5 tokens, over max_length 3", affected!.Reason);
    }

    [Fact]
    public void BudgetsThatLeaveNoRoomForTheCompletionAreRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ExampleEncoder(Chars, new EncodingOptions { MaxLength = 8, MaxPromptLength = 8 }));
        Assert.Contains("max_prompt_length (8) must be below max_length (8)", e.Message);
    }

    [Fact]
    public void RealTemplateTruncationKeepsTheGenerationHeaderWhenDroppingTurns()
    {
        var pair = new PairedExample("r", Prompt.FromMessages([new("user", string.Join(' ', Enumerable.Repeat("old", 200))), new("assistant", "ok"), new("user", "Now?")]), "Yes.", "No.");
        var encoded = new ExampleEncoder(Qwen3, new EncodingOptions { MaxLength = 64, MaxPromptLength = 32 }).Encode(pair, out var affected)!;
        Assert.NotNull(affected);
        Assert.Equal("<|im_start|>user\nNow?<|im_end|>\n<|im_start|>assistant\n", Qwen3.Decode(encoded.Sequences[0].PromptIds.ToArray()));
    }
}
