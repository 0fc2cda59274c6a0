using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// Supervised fine-tuning rows in TRL's shapes: <c>prompt</c> + <c>completion</c> (standard or conversational),
/// <c>messages</c> (a conversation whose last message is the assistant's target), or plain <c>text</c>
/// (language modelling: everything is completion).
/// </summary>
public sealed class SftFormat : JsonRowFormat
{
    public override string Name => "sft";

    public override string Description => "SFT rows: prompt/completion, messages, or text; standard or conversational";

    public override IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Sft, DataKind.Grouped];

    protected override IReadOnlyList<Example> Convert(JsonRecord row, DataReadRequest request)
    {
        if (row.Has("messages"))
        {
            var messages = TextOrConversation.Read(row, "messages");
            if (!messages.IsConversational) throw row.Error("messages", "expected a list of {\"role\", \"content\"} messages, got a string");
            var all = messages.Messages!;
            if (all[^1].Role != "assistant")
                throw row.Error("messages", $"the last message is from '{all[^1].Role}'; expected the assistant's response to train on");
            if (all.Count < 2) throw row.Error("messages", "only an assistant message; expected at least one turn before it to condition on");
            var target = CompletionChecks.NonEmpty(row, "messages", all[^1].Content, request);
            return [new SftExample(row.Id, Prompt.FromMessages(all.Take(all.Count - 1).ToList()), target)];
        }
        if (row.Has("prompt") || row.Has("completion"))
        {
            var prompt = TextOrConversation.Read(row, "prompt");
            var completion = TextOrConversation.Read(row, "completion");
            CompletionChecks.SameForm(row, prompt, completion, "prompt", "completion");
            var text = CompletionChecks.NonEmpty(row, "completion", completion.CompletionText(row, "completion"), request);
            return [new SftExample(row.Id, prompt.ToPrompt(), text)];
        }
        if (row.Has("text"))
            return [new SftExample(row.Id, Prompt.FromText(""), CompletionChecks.NonEmpty(row, "text", row.RequiredString("text"), request))];
        throw row.Error("expected 'prompt' and 'completion', 'messages', or 'text'");
    }
}
