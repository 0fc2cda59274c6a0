using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// TRL's prompt-only layout for online training (GRPO, RLOO, online DPO): a <c>prompt</c>, standard or
/// conversational, and any other fields (an <c>answer</c> column, say), which reward sources read from
/// <see cref="GroupedExample.Row"/>. Each row is a group with no completions yet: the rollout stage samples them.
/// </summary>
public sealed class PromptOnlyFormat : JsonRowFormat
{
    public override string Name => "prompt-only";

    public override string Description => "prompt rows for online training: prompt (text or messages) plus any fields reward sources read";

    public override IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Grouped];

    protected override IReadOnlyList<Example> Convert(JsonRecord row, DataReadRequest request)
    {
        if (!row.Has("prompt"))
            throw row.Error("expected a 'prompt' (a string or a list of messages); the completions are sampled during training");
        var prompt = TextOrConversation.Read(row, "prompt");
        if (prompt.IsConversational && prompt.Messages![^1].Role == "assistant")
            throw row.Error("prompt", "the conversation ends with an assistant message; a prompt ends with the turn the policy answers");
        if (!prompt.IsConversational && string.IsNullOrWhiteSpace(prompt.Text))
            throw row.Error("prompt", "is empty");
        return [new GroupedExample(row.Id, prompt.ToPrompt(), []) { Row = row.Root.Clone() }];
    }
}
