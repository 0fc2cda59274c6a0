using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// A field in TRL's two dataset forms: "standard" (a string) or "conversational" (a list of
/// <c>{"role", "content"}</c> messages). Exactly one of <see cref="Text"/> and <see cref="Messages"/> is set.
/// </summary>
public sealed record TextOrConversation(string? Text, IReadOnlyList<ChatMessage>? Messages)
{
    public bool IsConversational => Messages is not null;

    public static TextOrConversation Read(JsonRecord row, string field)
    {
        var value = row.Required(field);
        return value.ValueKind switch
        {
            JsonValueKind.String => new(value.GetString()!, null),
            JsonValueKind.Array => new(null, ReadMessages(row, field, value)),
            _ => throw row.Error(field, $"expected a string or a list of {{\"role\", \"content\"}} messages, got {JsonRecord.Describe(value)}"),
        };
    }

    public static IReadOnlyList<ChatMessage> ReadMessages(JsonRecord row, string field, JsonElement list)
    {
        var messages = new List<ChatMessage>(list.GetArrayLength());
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                throw row.Error(field, $"message {i}: expected an object with string \"role\" and \"content\", got {(item.ValueKind == JsonValueKind.Object ? item.GetRawText() : JsonRecord.Describe(item))}");
            messages.Add(new ChatMessage(role.GetString()!, content.GetString()!));
            i++;
        }
        if (messages.Count == 0) throw row.Error(field, "the conversation is empty; expected at least one message");
        return messages;
    }

    /// <summary>
    /// The completion text of a field that follows an explicit prompt: a string, or a conversation of exactly
    /// one assistant message (TRL's conversational completion).
    /// </summary>
    public string CompletionText(JsonRecord row, string field)
    {
        if (Text is not null) return Text;
        if (Messages!.Count != 1 || Messages[0].Role != "assistant")
            throw row.Error(field, $"expected one assistant message as the completion, got {Messages.Count} message(s) with roles {string.Join(", ", Messages.Select(m => m.Role))}");
        return Messages[0].Content;
    }

    public Prompt ToPrompt() => Text is not null ? Prompt.FromText(Text) : Prompt.FromMessages(Messages!);
}
