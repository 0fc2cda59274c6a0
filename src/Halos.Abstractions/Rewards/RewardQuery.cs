using System.Text.Json;
using Halos.Abstractions.Data;

namespace Halos.Abstractions.Rewards;

/// <summary>
/// One completion to reward: the prompt (text, and messages for a conversation), the completion (text and ids), and
/// the data row it was sampled for (<see cref="RowId"/> names it in errors).
/// </summary>
public sealed record RewardQuery(string RowId, string PromptText, IReadOnlyList<ChatMessage>? Messages, string Completion,
    IReadOnlyList<int> CompletionIds, JsonElement? Row)
{
    /// <summary>The prompt as text: a plain prompt as written, a conversation as its contents joined by blank lines.</summary>
    public static string TextOf(Prompt prompt) => prompt.Messages is { } messages ? string.Join("\n\n", messages.Select(m => m.Content)) : prompt.Text ?? "";
}
