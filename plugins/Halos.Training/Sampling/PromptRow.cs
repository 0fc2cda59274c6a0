using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Data.Formats;
using Halos.Data.Reading;

namespace Halos.Training.Sampling;

/// <summary>
/// One prompt of TRL's prompt-only layout: <c>{"prompt": "text"}</c>, <c>{"prompt": [messages]}</c> or
/// <c>{"prompt_ids": [ids]}</c>, with any other fields (an <c>answer</c>, say) kept in <see cref="Record"/>.
/// </summary>
public sealed record PromptRow(long Index, JsonRecord Record, Prompt? Prompt, int[]? PromptIds)
{
    public const string PromptField = "prompt";
    public const string PromptIdsField = "prompt_ids";

    public static PromptRow Read(JsonRecord record, long index)
    {
        if (record.Root.ValueKind != JsonValueKind.Object)
            throw record.Error($"expected a JSON object with \"{PromptField}\" or \"{PromptIdsField}\", got {JsonRecord.Describe(record.Root)}");
        if (record.Has(PromptField)) return new(index, record, TextOrConversation.Read(record, PromptField).ToPrompt(), null);
        if (record.Has(PromptIdsField))
        {
            var ids = record.RequiredIds(PromptIdsField);
            if (ids.Length == 0) throw record.Error(PromptIdsField, "the prompt has no tokens; generation needs at least one to condition on");
            return new(index, record, null, ids);
        }
        throw record.Error($"expected \"{PromptField}\" (a string or a list of messages) or \"{PromptIdsField}\" (token ids)");
    }

    /// <summary>The ids the model conditions on (<see cref="PromptEncoding.Ids"/>); errors name the row.</summary>
    public int[] Encode(ITokenizer tokenizer)
    {
        if (PromptIds is not null)
        {
            var i = Array.FindIndex(PromptIds, id => id >= tokenizer.VocabSize);
            if (i >= 0) throw Record.Error(PromptIdsField, $"item {i}: token id {PromptIds[i]} is outside the model's vocabulary [0, {tokenizer.VocabSize})");
            return PromptIds;
        }
        try
        {
            return PromptEncoding.Ids(Prompt!, tokenizer);
        }
        catch (InvalidOperationException e)
        {
            throw Record.Error(PromptField, e.Message);
        }
    }
}
