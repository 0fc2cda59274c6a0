using Halos.Abstractions.Data;

namespace Halos.Abstractions.Models;

/// <summary>
/// The tokenizer a model plugin exposes: text to ids and back, the special tokens batching needs,
/// and the model's chat template for conversational prompts.
/// </summary>
public interface ITokenizer
{
    int VocabSize { get; }

    int? BosTokenId { get; }

    int? EosTokenId { get; }

    /// <summary>The id to pad batches with; tokenizers without one usually pad with EOS.</summary>
    int? PadTokenId { get; }

    int[] Encode(string text, bool addSpecialTokens = true);

    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false);

    /// <summary>
    /// Renders messages with the model's chat template (Hugging Face <c>apply_chat_template</c>, untokenized).
    /// <paramref name="addGenerationPrompt"/> appends the header that opens an assistant turn.
    /// Throws <see cref="InvalidOperationException"/> when the tokenizer has no chat template.
    /// </summary>
    string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);
}
