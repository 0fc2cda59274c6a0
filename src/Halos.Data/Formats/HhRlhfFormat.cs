using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// Anthropic HH-RLHF rows: <c>chosen</c> and <c>rejected</c> transcripts. The prompt is the longest common turn
/// prefix ending before the final assistant turn, as a conversation (so it goes through the model's chat
/// template); the completions are the two final assistant turns. Empty responses are accepted by default:
/// HH contains deliberate empty answers (four chosen ones in harmless-base test), and under a template they
/// still train the end-of-turn token.
/// </summary>
public sealed class HhRlhfFormat : JsonRowFormat
{
    public override string Name => "hh-rlhf";

    public override string Description => "Anthropic HH-RLHF transcripts (chosen/rejected with \\n\\nHuman: / \\n\\nAssistant: turns)";

    public override IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Paired, DataKind.Scored, DataKind.Unpaired, DataKind.Ranked, DataKind.Sft, DataKind.Grouped];

    protected override IReadOnlyList<Example> Convert(JsonRecord row, DataReadRequest request)
    {
        var chosen = Turns(row, "chosen");
        var rejected = Turns(row, "rejected");
        var shared = ImplicitPrompt.CommonTurnPrefix(chosen, rejected);
        if (shared == 0) throw row.Error("chosen", "the transcripts share no turns before an assistant response; expected a common human turn");
        foreach (var (field, turns) in new[] { ("chosen", chosen), ("rejected", rejected) })
        {
            if (turns.Count != shared + 1)
                throw row.Error(field, $"diverges from the other transcript at turn {shared + 1}, {turns.Count - shared - 1} turn(s) before its end; expected the two to differ only in the final assistant turn");
        }
        var chosenText = CompletionChecks.NonEmpty(row, "chosen", chosen[shared].Content, request, formatAllowsEmpty: true);
        var rejectedText = CompletionChecks.NonEmpty(row, "rejected", rejected[shared].Content, request, formatAllowsEmpty: true);
        return [new PairedExample(row.Id, Prompt.FromMessages(chosen.Take(shared).ToList()), chosenText, rejectedText)];
    }

    private static IReadOnlyList<ChatMessage> Turns(JsonRecord row, string field)
    {
        var turns = HhTranscript.Parse(row.RequiredString(field), out var problem)
                    ?? throw row.Error(field, $"{problem}; expected an HH transcript of '\\n\\nHuman: ...' and '\\n\\nAssistant: ...' turns");
        if (turns[^1].Role != "assistant") throw row.Error(field, "ends with a human turn; expected the final turn to be the assistant's response");
        return turns;
    }
}
