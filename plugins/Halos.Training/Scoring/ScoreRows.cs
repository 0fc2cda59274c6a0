using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Data.Reading;
using Halos.Data.Tokenization;

namespace Halos.Training.Scoring;

/// <summary>One row to score: its 0-based index among the input's rows, its raw <c>id</c> JSON, and its token ids.</summary>
public sealed record ScoreRow(int Index, string? Id, int[] Ids);

/// <summary>
/// Reads the rows of <c>halos score</c> and encodes each as training would (see <see cref="ConversationScoring"/>). The
/// tokenizer is loaded on the first row that needs one, so pre-tokenized input needs none.
/// </summary>
public sealed class ScoreRows(string path, EncodingOptions options, Func<ITokenizer> loadTokenizer, long? modelVocabSize)
{
    private ITokenizer? _tokenizer;
    private ExampleEncoder? _encoder;

    public int Truncated { get; private set; }
    public int Dropped { get; private set; }

    /// <summary>The tokenizer's pad id (or EOS), when a tokenizer was loaded: the padding for a model config with no pad_token_id.</summary>
    public int? TokenizerPadId => _tokenizer is { } t ? t.PadTokenId ?? t.EosTokenId : null;

    private ITokenizer Tokenizer => _tokenizer ??= loadTokenizer();

    private ExampleEncoder Encoder => _encoder ??= new ExampleEncoder(Tokenizer, options);

    /// <summary>
    /// The rows in order. The file is read as data files are (JSON Lines or a JSON array, optionally gzipped), strictly:
    /// a row that is not valid JSON, not UTF-8 or holds a lone-surrogate escape stops the run naming file and line.
    /// </summary>
    public IEnumerable<ScoreRow> Read()
    {
        var index = 0;
        foreach (var (record, error) in JsonRecords.Read(path))
        {
            if (error is not null) throw error;
            if (Encode(record!.Root, index, (int)record.Line) is { } row) yield return row;
            index++;
        }
    }

    private ScoreRow? Encode(JsonElement row, int index, int line)
    {
        if (row.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, line, "expected a JSON object with \"messages\", \"text\" or \"input_ids\"");
        var id = row.TryGetProperty("id", out var idValue) ? idValue.GetRawText() : null;
        var exampleId = $"{path}:{line}";
        int[]? ids;
        if (row.TryGetProperty("messages", out var messages))
        {
            var chat = Messages(messages, line);
            ids = chat[^1].Role == "assistant"
                ? Encoded(new SftExample(exampleId, Prompt.FromMessages(chat.Take(chat.Count - 1).ToList()), chat[^1].Content))
                : Limited(Rendered(chat, line), line);
        }
        else if (row.TryGetProperty("text", out var plain) && plain.ValueKind == JsonValueKind.String)
            ids = Encoded(new SftExample(exampleId, Prompt.FromText(""), plain.GetString()!));
        else if (row.TryGetProperty("input_ids", out var tokens))
            ids = Limited(PreTokenized(tokens, line), line);
        else throw new DataFormatException(path, line, "expected \"messages\" (a conversation), \"text\" (a string) or \"input_ids\" (token ids)");
        if (ids is null) return null;
        if (ids.Length == 0) throw new DataFormatException(path, line, "the row has no tokens to score");
        return new ScoreRow(index, id, ids);
    }

    private List<ChatMessage> Messages(JsonElement messages, int line)
    {
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            throw new DataFormatException(path, line, "\"messages\" must be a non-empty array of {\"role\", \"content\"} objects");
        return messages.EnumerateArray().Select((m, i) =>
            m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
            && m.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                ? new ChatMessage(role.GetString()!, content.GetString()!)
                : throw new DataFormatException(path, line, $"messages[{i}] must be an object with string \"role\" and \"content\"")).ToList();
    }

    /// <summary>
    /// A row encoded as training encodes it, under the same length policy; null when the policy drops it. Its example id
    /// is "file:line", so the encoder's errors name the row.
    /// </summary>
    private int[]? Encoded(Example example)
    {
        var encoded = Encoder.Encode(example, out var affected);
        if (affected?.Action == OverLengthPolicy.Truncate) Truncated++;
        if (encoded is not null) return encoded.Sequences[0].Ids;
        Dropped++;
        return null;
    }

    /// <summary>A conversation that does not end in an assistant reply, rendered whole by the chat template.</summary>
    private int[] Rendered(IReadOnlyList<ChatMessage> chat, int line)
    {
        string rendered;
        try
        {
            rendered = Tokenizer.ApplyChatTemplate(chat, addGenerationPrompt: false);
        }
        catch (InvalidOperationException e)
        {
            throw new DataFormatException(path, line, $"cannot format the conversation: {e.Message}");
        }
        // The template writes the special tokens (BOS, turn markers) itself, as apply_chat_template does.
        return Tokenizer.Encode(rendered, addSpecialTokens: false);
    }

    /// <summary>Ids held to Data:MaxLength as training holds pre-tokenized rows: the end is cut, or the row dropped or refused.</summary>
    private int[]? Limited(int[] ids, int line)
    {
        if (options.MaxLength <= 0 || ids.Length <= options.MaxLength) return ids;
        switch (options.OverLength)
        {
            case OverLengthPolicy.Error:
                throw new DataFormatException(path, line,
                    $"the row has {ids.Length} tokens, over Data:MaxLength={options.MaxLength}; shorten it, raise the limit, or set Data:OverLength to truncate or drop");
            case OverLengthPolicy.Drop:
                Dropped++;
                return null;
            default:
                Truncated++;
                return ids[..options.MaxLength];
        }
    }

    /// <summary>Token ids as a tokenizer produced them elsewhere (TRL's pre-tokenized rows), checked against the model's vocabulary.</summary>
    private int[] PreTokenized(JsonElement tokens, int line)
    {
        if (tokens.ValueKind != JsonValueKind.Array)
            throw new DataFormatException(path, line, "\"input_ids\" must be an array of token ids");
        var vocab = modelVocabSize ?? long.MaxValue;
        var ids = new int[tokens.GetArrayLength()];
        var i = 0;
        foreach (var t in tokens.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out var id) || id < 0 || id >= vocab)
                throw new DataFormatException(path, line,
                    $"input_ids[{i}] is {t.GetRawText()}; expected a token id in [0, {vocab}) (the model's vocab_size)");
            ids[i++] = id;
        }
        return ids;
    }
}
