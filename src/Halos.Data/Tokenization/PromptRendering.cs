using Halos.Abstractions.Data;
using Halos.Abstractions.Models;

namespace Halos.Data.Tokenization;

/// <summary>
/// Turns a prompt and its completions into token ids the way the model will see them.
/// <list type="bullet">
/// <item>Conversational prompts go through the chat template: the prompt is rendered with the generation
/// header (<c>add_generation_prompt</c>), each full conversation without it, and the completion is what the
/// full rendering adds after the prompt rendering: the response and the template's end-of-turn token. A
/// template whose prompt rendering is not a prefix of the full rendering cannot be masked exactly and is
/// an error naming the row. Some templates (certain Llama 3 exports) ignore <c>add_generation_prompt</c> and
/// always end with an assistant header; after a completion that header would be trained as if the model
/// should open a new turn, so it is cut, keeping the end-of-turn token.</item>
/// <item>Text prompts are tokenized as they are, with the tokenizer's special tokens; BOS is prepended when the
/// tokenizer has one and its post-processor did not add it (as TRL does), and the completion gets EOS
/// appended, so the model learns to stop. A post-processor that also closes a sequence (BERT's and DeBERTa's
/// <c>[CLS] $A [SEP]</c>) closes the completion, not the prompt: the pair is <c>[CLS] prompt completion [SEP]</c>,
/// as the tokenizer renders the whole text (and as TRL's reward trainer tokenizes it), not <c>[CLS] prompt [SEP] completion</c>.</item>
/// </list>
/// </summary>
internal sealed class PromptRendering(ITokenizer tokenizer)
{
    public (int[] Prompt, int[][] Completions) Encode(string id, Prompt prompt, IReadOnlyList<string> completions) =>
        prompt.Messages is { } messages ? EncodeConversation(id, messages, completions) : EncodeText(prompt.Text!, completions);

    /// <summary>
    /// The start indices, within <paramref name="messages"/>, at which a shortened prompt may begin: each later
    /// user turn, so dropped history goes an exchange at a time and the prompt still opens with a user turn.
    /// Leading system messages are always kept.
    /// </summary>
    public static IReadOnlyList<int> TurnStarts(IReadOnlyList<ChatMessage> messages)
    {
        var first = 0;
        while (first < messages.Count && messages[first].Role == "system") first++;
        var starts = new List<int>();
        for (var i = first + 1; i < messages.Count; i++)
            if (messages[i].Role == "user") starts.Add(i);
        return starts;
    }

    /// <summary>The prompt with the history before <paramref name="start"/> dropped (system messages kept).</summary>
    public static IReadOnlyList<ChatMessage> KeepFrom(IReadOnlyList<ChatMessage> messages, int start)
    {
        var kept = messages.TakeWhile(m => m.Role == "system").ToList();
        kept.AddRange(messages.Skip(start));
        return kept;
    }

    private (int[], int[][]) EncodeConversation(string id, IReadOnlyList<ChatMessage> messages, IReadOnlyList<string> completions)
    {
        var promptText = Render(id, messages, addGenerationPrompt: true);
        var promptIds = tokenizer.Encode(promptText, addSpecialTokens: false);
        var alwaysEndsWithHeader = promptText == Render(id, messages, addGenerationPrompt: false);
        var completionIds = new int[completions.Count][];
        for (var c = 0; c < completions.Count; c++)
        {
            var conversation = messages.Append(new ChatMessage("assistant", completions[c])).ToList();
            var full = Render(id, conversation, addGenerationPrompt: false);
            if (!full.StartsWith(promptText, StringComparison.Ordinal))
                throw new DataFormatException(id, null,
                    $"the chat template renders the prompt (with the generation header) as ...{Tail(promptText)} but the full conversation as ...{Tail(full[..Math.Min(full.Length, promptText.Length)])} at that point; " +
                    "the prompt is not a prefix of the conversation, so its tokens cannot be masked exactly");
            var completionText = full[promptText.Length..];
            completionIds[c] = tokenizer.Encode(completionText, addSpecialTokens: false);
            if (alwaysEndsWithHeader) completionIds[c] = WithoutTrailingHeader(id, messages, completions[c], completionIds[c], promptText, completionText);
        }
        return (promptIds, completionIds);
    }

    private string Render(string id, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        try
        {
            return tokenizer.ApplyChatTemplate(messages, addGenerationPrompt);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException || e.GetType().Namespace?.StartsWith("Halos.Templates") == true)
        {
            throw new DataFormatException(id, null, $"the chat template failed on this row: {e.Message}", e);
        }
    }

    /// <summary>
    /// Cuts the header such a template appends after the completion. Rendering the same conversation with one
    /// probe character added to the response isolates what follows every response: [end-of-turn, header].
    /// Everything after its first token (the end-of-turn) goes.
    /// </summary>
    private int[] WithoutTrailingHeader(string id, IReadOnlyList<ChatMessage> messages, string completion, int[] completionIds, string promptText, string completionText)
    {
        var probe = completion.EndsWith('\u00a7') ? "\u00b6" : "\u00a7";
        var probed = Render(id, messages.Append(new ChatMessage("assistant", completion + probe)).ToList(), addGenerationPrompt: false);
        if (!probed.StartsWith(promptText, StringComparison.Ordinal)) return completionIds;
        var other = probed[promptText.Length..];
        var shared = 0;
        while (shared < other.Length && shared < completionText.Length && other[^(shared + 1)] == completionText[^(shared + 1)]) shared++;
        if (shared == 0) return completionIds;
        var trailer = tokenizer.Encode(completionText[^shared..], addSpecialTokens: false);
        if (trailer.Length < 2 || !completionIds.AsSpan().EndsWith(trailer)) return completionIds;
        return completionIds[..^(trailer.Length - 1)];
    }

    private (int[], int[][]) EncodeText(string prompt, IReadOnlyList<string> completions)
    {
        var (prefix, suffix) = SequenceSpecials(prompt.Length > 0 ? prompt : completions.FirstOrDefault(c => c.Length > 0) ?? "");
        var promptIds = suffix.Length == 0 ? tokenizer.Encode(prompt, addSpecialTokens: true) : [.. prefix, .. tokenizer.Encode(prompt, addSpecialTokens: false)];
        if (tokenizer.BosTokenId is { } bos && (promptIds.Length == 0 || promptIds[0] != bos)) promptIds = [bos, .. promptIds];
        var completionIds = new int[completions.Count][];
        for (var c = 0; c < completions.Count; c++)
        {
            int[] ids = [.. tokenizer.Encode(completions[c], addSpecialTokens: false), .. suffix];
            var closed = suffix.Length > 0 && suffix[^1] == tokenizer.EosTokenId;
            completionIds[c] = tokenizer.EosTokenId is { } eos && !closed ? [.. ids, eos] : ids;
        }
        return (promptIds, completionIds);
    }

    /// <summary>A reference, so that rows encoded in parallel (<see cref="ExampleEncoder.EncodeAll"/>) see it whole or not at all.</summary>
    private sealed record Specials(int[] Prefix, int[] Suffix);

    private volatile Specials? _specials;

    /// <summary>
    /// The special tokens the tokenizer's post-processor puts before and after one sequence ([CLS] and [SEP] for
    /// BERT-style tokenizers; BOS alone, or nothing, for causal LMs), found by encoding a text of the data with and
    /// without them, once: the first row's own text, so a tokenizer is never asked for text it cannot encode.
    /// </summary>
    private (int[] Prefix, int[] Suffix) SequenceSpecials(string sample)
    {
        if (_specials is { } known) return (known.Prefix, known.Suffix);
        var plain = tokenizer.Encode(sample, addSpecialTokens: false);
        if (plain.Length == 0) return ([], []);
        var full = tokenizer.Encode(sample, addSpecialTokens: true);
        var found = new Specials([], []);
        for (var start = 0; start + plain.Length <= full.Length; start++)
            if (full.AsSpan(start, plain.Length).SequenceEqual(plain))
            {
                found = new Specials(full[..start], full[(start + plain.Length)..]);
                break;
            }
        _specials = found;
        return (found.Prefix, found.Suffix);
    }

    private static string Tail(string text) => System.Text.Json.JsonSerializer.Serialize(text.Length <= 40 ? text : text[^40..]);
}
