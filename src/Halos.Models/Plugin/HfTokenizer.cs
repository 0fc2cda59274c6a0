using Halos.Abstractions.Models;
using Halos.Templates.Chat;
using Halos.Tokenizers;

namespace Halos.Models.Plugin;

/// <summary>The host's tokenizer contract over a checkpoint folder's tokenizer.json and tokenizer_config.json (its chat template).</summary>
public sealed class HfTokenizer : ITokenizer
{
    private readonly Tokenizer _tokenizer;
    private readonly Lazy<ChatTemplate?> _template;

    public HfTokenizer(string folder)
    {
        _tokenizer = Tokenizer.Load(folder);
        var configPath = Path.Combine(folder, "tokenizer_config.json");
        _template = new Lazy<ChatTemplate?>(() => File.Exists(configPath) ? ChatTemplate.FromTokenizerConfigFile(configPath) : null);
        Folder = folder;
    }

    public string Folder { get; }
    public Tokenizer Inner => _tokenizer;
    public int VocabSize => _tokenizer.VocabSize;
    public int? BosTokenId => _tokenizer.BosToken?.Id;
    public int? EosTokenId => _tokenizer.EosToken?.Id;
    public int? PadTokenId => _tokenizer.PadToken?.Id;

    public int[] Encode(string text, bool addSpecialTokens = true) => _tokenizer.EncodeToIds(text, addSpecialTokens);

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false) => _tokenizer.Decode(ids, skipSpecialTokens);

    public string ApplyChatTemplate(IReadOnlyList<Abstractions.Data.ChatMessage> messages, bool addGenerationPrompt)
    {
        var template = _template.Value ?? throw new InvalidOperationException($"{Folder}: the tokenizer has no chat template (no tokenizer_config.json with a chat_template)");
        return template.Render(messages.Select(m => new ChatMessage(m.Role, m.Content)).ToList(),
            new ChatTemplateOptions { AddGenerationPrompt = addGenerationPrompt });
    }
}
