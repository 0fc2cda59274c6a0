using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// TRL preference rows: <c>chosen</c> and <c>rejected</c>, with an explicit <c>prompt</c> or an implicit one
/// (the common prefix of the two), standard (strings) or conversational (message lists); optional
/// <c>margin</c>.
/// </summary>
public sealed class TrlPreferenceFormat : JsonRowFormat
{
    public override string Name => "trl-preference";

    public override string Description => "TRL preference pairs (prompt?/chosen/rejected[/margin]), standard or conversational";

    public override IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Paired, DataKind.Scored, DataKind.Unpaired, DataKind.Ranked, DataKind.Sft, DataKind.Grouped];

    protected override IReadOnlyList<Example> Convert(JsonRecord row, DataReadRequest request)
    {
        var chosen = TextOrConversation.Read(row, "chosen");
        var rejected = TextOrConversation.Read(row, "rejected");
        var margin = row.OptionalNumber("margin");
        if (chosen.IsConversational != rejected.IsConversational)
            throw row.Error("rejected", $"'chosen' is {(chosen.IsConversational ? "a conversation" : "text")} but 'rejected' is not; expected both in the same form");

        Prompt prompt;
        string chosenText, rejectedText;
        if (row.Has("prompt"))
        {
            var explicitPrompt = TextOrConversation.Read(row, "prompt");
            CompletionChecks.SameForm(row, explicitPrompt, chosen, "prompt", "chosen");
            prompt = explicitPrompt.ToPrompt();
            chosenText = chosen.CompletionText(row, "chosen");
            rejectedText = rejected.CompletionText(row, "rejected");
        }
        else if (chosen.IsConversational)
        {
            (prompt, chosenText, rejectedText) = SplitConversations(row, chosen.Messages!, rejected.Messages!);
        }
        else
        {
            var shared = ImplicitPrompt.CommonTextPrefix(chosen.Text!, rejected.Text!);
            prompt = Prompt.FromText(chosen.Text![..shared]);
            chosenText = chosen.Text[shared..];
            rejectedText = rejected.Text![shared..];
        }
        CompletionChecks.NonEmpty(row, "chosen", chosenText, request);
        CompletionChecks.NonEmpty(row, "rejected", rejectedText, request);
        return [new PairedExample(row.Id, prompt, chosenText, rejectedText, margin)];
    }

    private static (Prompt, string, string) SplitConversations(JsonRecord row, IReadOnlyList<ChatMessage> chosen, IReadOnlyList<ChatMessage> rejected)
    {
        var shared = ImplicitPrompt.CommonTurnPrefix(chosen, rejected);
        if (shared == 0)
            throw row.Error("chosen", "no prompt: 'chosen' and 'rejected' share no turns before an assistant response; add a 'prompt' field or include the user turn in both");
        if (chosen.Count != shared + 1 || rejected.Count != shared + 1)
            throw row.Error(chosen.Count != shared + 1 ? "chosen" : "rejected",
                $"the conversations share {shared} turns but then differ in more than one final assistant message (chosen has {chosen.Count - shared} more, rejected {rejected.Count - shared}); expected them to differ only in the last assistant turn");
        return (Prompt.FromMessages(chosen.Take(shared).ToList()), chosen[shared].Content, rejected[shared].Content);
    }
}
