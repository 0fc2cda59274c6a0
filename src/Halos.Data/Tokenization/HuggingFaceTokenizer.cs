using Halos.Abstractions.Models;
using Halos.Tokenizers;
using Halos.Templates.Chat;
using AbstractMessage = Halos.Abstractions.Data.ChatMessage;
using TemplateMessage = Halos.Templates.Chat.ChatMessage;

namespace Halos.Data.Tokenization;

/// <summary>
/// <see cref="ITokenizer"/> over a Hugging Face model folder: tokenizer.json for the ids, tokenizer_config.json
/// for the special tokens and the <c>chat_template</c>. Pads with <c>pad_token</c>, else EOS (as most causal
/// models are trained).
/// </summary>
public sealed class HuggingFaceTokenizer : ITokenizer
{
    private readonly ChatTemplate? _template;

    public HuggingFaceTokenizer(Tokenizer tokenizer, ChatTemplate? template)
    {
        Inner = tokenizer;
        _template = template;
    }

    public Tokenizer Inner { get; }

    /// <summary>Where the tokenizer came from, for messages.</summary>
    public string Source => Inner.Source;

    public bool HasChatTemplate => _template is not null;

    public int VocabSize => Inner.VocabSize;

    public int? BosTokenId => Inner.BosToken?.Id;

    public int? EosTokenId => Inner.EosToken?.Id;

    public int? PadTokenId => Inner.PadToken?.Id ?? EosTokenId;

    /// <summary>Loads a model folder (tokenizer.json + tokenizer_config.json) or a tokenizer.json path.</summary>
    public static HuggingFaceTokenizer Load(string folderOrFile)
    {
        var tokenizer = Tokenizer.Load(folderOrFile);
        var folder = Directory.Exists(folderOrFile) ? folderOrFile : Path.GetDirectoryName(Path.GetFullPath(folderOrFile))!;
        var config = Path.Combine(folder, "tokenizer_config.json");
        ChatTemplate? template = null;
        if (tokenizer.Config.ChatTemplate is not null || File.Exists(config) && HasTemplate(config))
            template = ChatTemplate.FromTokenizerConfigFile(config);
        return new HuggingFaceTokenizer(tokenizer, template);
    }

    public int[] Encode(string text, bool addSpecialTokens = true) => Inner.EncodeToIds(text, addSpecialTokens);

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false) => Inner.Decode(ids, skipSpecialTokens);

    public string ApplyChatTemplate(IReadOnlyList<AbstractMessage> messages, bool addGenerationPrompt)
    {
        if (_template is null)
            throw new InvalidOperationException($"{Source}: the tokenizer has no chat template (tokenizer_config.json has no 'chat_template'); conversational data needs one");
        var converted = messages.Select(m => new TemplateMessage(m.Role, m.Content)).ToList();
        return _template.Render(converted, new ChatTemplateOptions { AddGenerationPrompt = addGenerationPrompt });
    }

    private static bool HasTemplate(string configPath)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(configPath));
        return doc.RootElement.TryGetProperty("chat_template", out var t) && t.ValueKind != System.Text.Json.JsonValueKind.Null;
    }
}
