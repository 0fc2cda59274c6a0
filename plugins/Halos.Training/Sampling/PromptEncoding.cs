using Halos.Abstractions.Data;
using Halos.Abstractions.Models;

namespace Halos.Training.Sampling;

/// <summary>How a prompt becomes the ids a model generates from, for <c>halos sample</c> and online rollouts alike.</summary>
public static class PromptEncoding
{
    /// <summary>
    /// Text is encoded with the tokenizer's special tokens (BOS where it adds one); messages go through the chat
    /// template with the generation prompt, whose special tokens the template writes.
    /// </summary>
    /// <exception cref="InvalidOperationException">The template cannot render the conversation, or the prompt encodes to no tokens.</exception>
    public static int[] Ids(Prompt prompt, ITokenizer tokenizer)
    {
        int[] ids;
        if (prompt.Messages is { } messages)
        {
            string rendered;
            try
            {
                rendered = tokenizer.ApplyChatTemplate(messages, addGenerationPrompt: true);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"cannot render the conversation with the chat template: {e.Message}", e);
            }
            ids = tokenizer.Encode(rendered, addSpecialTokens: false);
        }
        else ids = tokenizer.Encode(prompt.Text!, addSpecialTokens: true);
        if (ids.Length == 0) throw new InvalidOperationException("the prompt encodes to no tokens; generation needs at least one to condition on");
        return ids;
    }
}
