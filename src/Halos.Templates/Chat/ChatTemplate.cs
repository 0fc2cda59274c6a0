using System.Text.Json;
using Halos.Templates.Values;

namespace Halos.Templates.Chat;

/// <summary>
/// A model's chat template, rendered the way transformers' <c>apply_chat_template</c> does:
/// variables <c>messages</c>, <c>tools</c>, <c>documents</c>, <c>add_generation_prompt</c>, the
/// tokenizer's special tokens (<c>bos_token</c>, <c>eos_token</c>, ...) and any extra keywords.
/// </summary>
public sealed class ChatTemplate
{
    readonly Template template;

    public ChatTemplate(string source, IReadOnlyDictionary<string, string>? specialTokens = null, string? name = null)
    {
        template = Template.Parse(source);
        SpecialTokens = specialTokens ?? new Dictionary<string, string>();
        Name = name;
    }

    public string Source => template.Source;

    /// <summary>The template's name when it came from a named list in tokenizer_config.json.</summary>
    public string? Name { get; }

    public IReadOnlyDictionary<string, string> SpecialTokens { get; }

    /// <summary>Where <c>strftime_now</c> reads the time.</summary>
    public Func<DateTime> Clock { get; init; } = () => DateTime.Now;

    public static ChatTemplate FromTokenizerConfigFile(string path, string? name = null)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException error)
        {
            throw new FileNotFoundException($"cannot read tokenizer config '{path}': {error.Message}", path, error);
        }
        return FromTokenizerConfig(json, name, path);
    }

    /// <summary>
    /// Reads <c>chat_template</c> from tokenizer_config.json text. It may be one string or a list of
    /// <c>{"name", "template"}</c>; from a list this picks <paramref name="name"/>, else "default".
    /// </summary>
    public static ChatTemplate FromTokenizerConfig(string json, string? name = null, string? origin = null)
    {
        origin ??= "tokenizer_config.json";
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("chat_template", out var chatTemplate) || chatTemplate.ValueKind == JsonValueKind.Null)
            throw new ArgumentException($"{origin} has no 'chat_template'", nameof(json));
        var tokens = ReadSpecialTokens(root);
        if (chatTemplate.ValueKind == JsonValueKind.String)
        {
            if (name is not null && name != "default")
                throw new ArgumentException($"{origin} has a single chat template, not one named '{name}'", nameof(name));
            return new ChatTemplate(chatTemplate.GetString()!, tokens);
        }
        if (chatTemplate.ValueKind != JsonValueKind.Array)
            throw new ArgumentException($"{origin}: 'chat_template' must be a string or a list of {{name, template}}, got {chatTemplate.ValueKind}", nameof(json));

        var named = chatTemplate.EnumerateArray()
            .Select(item => (Name: item.GetProperty("name").GetString()!, Source: item.GetProperty("template").GetString()!))
            .ToList();
        string wanted = name ?? "default";
        var match = named.FirstOrDefault(t => t.Name == wanted);
        if (match.Source is null)
            throw new ArgumentException(
                $"{origin} has no chat template named '{wanted}' (available: {string.Join(", ", named.Select(t => t.Name))})", nameof(name));
        return new ChatTemplate(match.Source, tokens, match.Name);
    }

    /// <summary>
    /// The <c>*_token</c> entries of a tokenizer config, as strings. They may be plain strings or
    /// AddedToken objects (<c>{"content": ...}</c>); null tokens are left out, as transformers'
    /// special_tokens_map does.
    /// </summary>
    static Dictionary<string, string> ReadSpecialTokens(JsonElement root)
    {
        var tokens = new Dictionary<string, string>();
        foreach (var property in root.EnumerateObject())
        {
            if (!property.Name.EndsWith("_token", StringComparison.Ordinal)) continue;
            string? content = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Object when property.Value.TryGetProperty("content", out var c) => c.GetString(),
                _ => null,
            };
            if (content is not null) tokens[property.Name] = content;
        }
        return tokens;
    }

    public string Render(IReadOnlyList<ChatMessage> messages, ChatTemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        options ??= new ChatTemplateOptions();
        var variables = new Dictionary<string, object?>
        {
            ["messages"] = messages.Select(m => (object?)m.ToTemplateValue()).ToList(),
            ["tools"] = options.Tools is null ? null : TemplateValue.From(options.Tools),
            ["documents"] = options.Documents is null ? null : TemplateValue.From(options.Documents),
            ["add_generation_prompt"] = options.AddGenerationPrompt,
        };
        foreach (var (key, value) in SpecialTokens) variables[key] = value;
        if (options.Variables is not null)
            foreach (var (key, value) in options.Variables) variables[key] = value;
        return template.Render(variables, Clock);
    }

    /// <summary>
    /// Renders the conversation and locates each message in the output by rendering every prefix
    /// of it: message i spans from the end of prefix i-1 to the end of prefix i. The spans are
    /// null when some prefix is not a prefix of the full text.
    /// </summary>
    public RenderedConversation RenderWithSpans(IReadOnlyList<ChatMessage> messages, ChatTemplateOptions? options = null)
    {
        options ??= new ChatTemplateOptions();
        string full = Render(messages, options);
        var spans = new List<MessageSpan>();
        int start = 0;
        var prefixOptions = options with { AddGenerationPrompt = false };
        for (int i = 0; i < messages.Count; i++)
        {
            string prefix;
            try
            {
                prefix = i == messages.Count - 1 && !options.AddGenerationPrompt ? full : Render(messages.Take(i + 1).ToList(), prefixOptions);
            }
            catch (TemplateException)
            {
                return new RenderedConversation(full, null);
            }
            if (!full.StartsWith(prefix, StringComparison.Ordinal) || prefix.Length < start)
                return new RenderedConversation(full, null);
            spans.Add(new MessageSpan(i, messages[i].Role, start, prefix.Length));
            start = prefix.Length;
        }
        return new RenderedConversation(full, spans);
    }
}
