using System.Text.Json;
using System.Text.Json.Nodes;
using Halos.Templates.Chat;
using Halos.Templates.Values;

namespace Halos.Templates.Tests.Parity;

/// <summary>
/// Builds parity cases for a <see cref="ChatTemplate"/>: the reference gets the same variables
/// transformers' apply_chat_template would pass, and the C# side goes through the ChatTemplate API.
/// </summary>
public static class ChatCases
{
    public static ParityCase Create(
        ChatTemplate template, string name, string messagesJson, bool addGenerationPrompt,
        string? toolsJson = null, JsonObject? extra = null)
    {
        var variables = new JsonObject
        {
            ["messages"] = JsonNode.Parse(messagesJson),
            ["tools"] = toolsJson is null ? null : JsonNode.Parse(toolsJson),
            ["documents"] = null,
            ["add_generation_prompt"] = addGenerationPrompt,
        };
        foreach (var (key, value) in template.SpecialTokens) variables[key] = value;
        if (extra is not null)
            foreach (var (key, value) in extra) variables[key] = value?.DeepClone();
        return new ParityCase(name, template.Source, variables);
    }

    /// <summary>Renders a case built by <see cref="Create"/> through <see cref="ChatTemplate.Render"/>.</summary>
    public static string RenderWith(ChatTemplate template, ParityCase parityCase)
    {
        using var document = JsonDocument.Parse(parityCase.Variables.ToJsonString());
        var root = document.RootElement;
        var messages = root.GetProperty("messages").EnumerateArray().Select(ChatMessage.FromJson).ToList();
        var tools = root.GetProperty("tools") is { ValueKind: JsonValueKind.Array } t
            ? t.EnumerateArray().Select(TemplateValue.FromJson).ToList()
            : null;
        var reserved = new HashSet<string> { "messages", "tools", "documents", "add_generation_prompt" };
        var extra = root.EnumerateObject()
            .Where(p => !reserved.Contains(p.Name) && !template.SpecialTokens.ContainsKey(p.Name))
            .ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return template.Render(messages, new ChatTemplateOptions
        {
            AddGenerationPrompt = root.GetProperty("add_generation_prompt").GetBoolean(),
            Tools = tools,
            Variables = extra,
        });
    }
}
