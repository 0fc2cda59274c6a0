using System.Text.Json;
using Halos.Templates.Values;

namespace Halos.Templates.Chat;

/// <summary>
/// One conversation turn as a chat template sees it: <c>role</c>, <c>content</c> (a string, null,
/// or a list of parts such as <c>{"type": "text", "text": ...}</c>) and any extra fields the
/// template reads (<c>tool_calls</c>, <c>reasoning_content</c>, <c>name</c>, <c>tool_call_id</c>).
/// </summary>
public sealed class ChatMessage
{
    readonly OrderedDictionary<string, object?> fields = new();

    public ChatMessage(string role, object? content)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        fields["role"] = role;
        fields["content"] = TemplateValue.From(content);
    }

    ChatMessage() { }

    public string Role => (string)fields["role"]!;

    public object? Content => fields["content"];

    public static ChatMessage System(string content) => new("system", content);

    public static ChatMessage User(object? content) => new("user", content);

    public static ChatMessage Assistant(object? content) => new("assistant", content);

    public static ChatMessage Tool(string content) => new("tool", content);

    /// <summary>A copy with one more field, e.g. <c>.With("tool_calls", calls)</c> or <c>.With("reasoning_content", text)</c>.</summary>
    public ChatMessage With(string field, object? value)
    {
        var copy = new ChatMessage();
        foreach (var (key, item) in fields) copy.fields[key] = item;
        copy.fields[field] = TemplateValue.From(value);
        return copy;
    }

    /// <summary>Reads a message object in the OpenAI/transformers JSON shape; every field is kept.</summary>
    public static ChatMessage FromJson(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"a chat message must be a JSON object, got {message.ValueKind}", nameof(message));
        if (!message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            throw new ArgumentException($"chat message {message.GetRawText()} has no string 'role'", nameof(message));
        var result = new ChatMessage();
        foreach (var property in message.EnumerateObject()) result.fields[property.Name] = TemplateValue.FromJson(property.Value);
        if (!result.fields.ContainsKey("content")) result.fields["content"] = null;
        return result;
    }

    /// <summary>The dict the template receives as one item of <c>messages</c> (a fresh copy each time).</summary>
    public OrderedDictionary<string, object?> ToTemplateValue() => (OrderedDictionary<string, object?>)TemplateValue.From(fields)!;
}
