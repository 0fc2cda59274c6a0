using Halos.Abstractions.Models;
using Halos.Templates.Chat;

namespace Halos.Data.Tokenization;

/// <summary>
/// <c>Data:ChatTemplate</c>: a built-in template by name, or a file holding a Jinja chat template, which overrides or
/// supplies the tokenizer's own. <c>plain</c> joins the turns as text the way Anthropic's HH transcripts read
/// ("\n\nHuman: ...\n\nAssistant: ..."), so conversational data trains on a model that has no template; <c>chatml</c> is
/// the &lt;|im_start|&gt; format.
/// </summary>
public static class ChatTemplateChoice
{
    public static IReadOnlyDictionary<string, string> BuiltIn { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["plain"] = "{% for m in messages %}{{ '\\n\\n' }}{% if m.role == 'user' %}Human{% elif m.role == 'assistant' %}Assistant{% else %}{{ m.role | capitalize }}{% endif %}{{ ': ' + m.content }}{% endfor %}" +
                    "{% if add_generation_prompt %}{{ '\\n\\nAssistant:' }}{% endif %}",
        ["chatml"] = "{% for m in messages %}{{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{% endfor %}" +
                     "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
    };

    /// <summary>The template <paramref name="setting"/> names; a relative file is found under <paramref name="root"/>.</summary>
    public static ChatTemplate Resolve(string setting, string root)
    {
        if (BuiltIn.TryGetValue(setting.Trim(), out var source)) return new ChatTemplate(source, name: setting.Trim().ToLowerInvariant());
        var path = Path.GetFullPath(Path.Combine(root, setting));
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Data:ChatTemplate: '{setting}' is neither a built-in template ({string.Join(", ", BuiltIn.Keys)}) nor a file ({path} does not exist); expected a name or a Jinja template file", path);
        return new ChatTemplate(File.ReadAllText(path), name: Path.GetFileName(path));
    }

    /// <summary><paramref name="tokenizer"/> rendering conversations with <paramref name="setting"/> instead of its own template; unchanged when unset.</summary>
    public static ITokenizer Apply(ITokenizer tokenizer, string? setting, string root) =>
        string.IsNullOrWhiteSpace(setting) ? tokenizer : new TemplatedTokenizer(tokenizer, Resolve(setting, root));

    private sealed class TemplatedTokenizer(ITokenizer inner, ChatTemplate template) : ITokenizer
    {
        public int VocabSize => inner.VocabSize;
        public int? BosTokenId => inner.BosTokenId;
        public int? EosTokenId => inner.EosTokenId;
        public int? PadTokenId => inner.PadTokenId;
        public int[] Encode(string text, bool addSpecialTokens = true) => inner.Encode(text, addSpecialTokens);
        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false) => inner.Decode(ids, skipSpecialTokens);

        public string ApplyChatTemplate(IReadOnlyList<Abstractions.Data.ChatMessage> messages, bool addGenerationPrompt) =>
            template.Render(messages.Select(m => new ChatMessage(m.Role, m.Content)).ToList(), new ChatTemplateOptions { AddGenerationPrompt = addGenerationPrompt });
    }
}
