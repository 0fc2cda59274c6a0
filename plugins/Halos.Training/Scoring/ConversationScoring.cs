using System.Globalization;
using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Abstractions.Running;
using Halos.Torch;

namespace Halos.Training.Scoring;

/// <summary>
/// <c>halos score --model DIR --input conversations.jsonl</c>: one reward per conversation. Each line holds
/// <c>messages</c> (a chat, rendered with the model's chat template, as Skywork-Reward and other reward models expect)
/// or plain <c>text</c>; an <c>id</c> is copied through. Rows are right-padded in batches of <c>Training:BatchSize</c>
/// and each is scored at its last real token. Output: one <c>{"id":..,"score":..}</c> line per input line.
/// </summary>
public static class ConversationScoring
{
    public static RunOutcome Run(RunPlan plan, TextWriter standardOutput, CancellationToken cancellationToken)
    {
        var input = plan.InputPath ?? throw new InvalidOperationException("score needs --input: a JSONL file of conversations");
        if (!File.Exists(input)) throw new DataFormatException(input, null, "the input file does not exist");
        var spec = Setup.PlanModelSpec.Of(plan);
        using var module = plan.ModelPlugin.Build(spec, ModelRole.Reward);
        var scorer = module as ISequenceScorer
                     ?? throw new ModelSpecException($"{spec}: score needs a reward model (a sequence classifier); the model plugin built a {module.GetType().Name}");
        module.eval();
        var tokenizer = plan.ModelPlugin.LoadTokenizer(spec);
        var pad = tokenizer.PadTokenId ?? tokenizer.EosTokenId ?? 0;

        using var output = plan.OutputPath is { } path ? new StreamWriter(path) : null;
        var writer = (TextWriter?)output ?? standardOutput;
        var pending = new List<(int[] Ids, string? Id)>();
        double sum = 0;
        long count = 0;
        void Flush()
        {
            if (pending.Count == 0) return;
            var scores = Score(scorer, pending.Select(p => p.Ids).ToList(), pad, spec.Device);
            for (var i = 0; i < pending.Count; i++)
            {
                var id = pending[i].Id is { } raw ? $"\"id\":{raw}," : "";
                writer.WriteLine($"{{{id}\"score\":{scores[i].ToString("R", CultureInfo.InvariantCulture)}}}");
                sum += scores[i];
                count++;
            }
            pending.Clear();
        }

        var line = 0;
        foreach (var text in File.ReadLines(input))
        {
            line++;
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(text)) continue;
            pending.Add(Encode(text, tokenizer, input, line));
            if (pending.Count >= plan.Training.BatchSize) Flush();
        }
        Flush();
        writer.Flush();
        var metrics = new Dictionary<string, double> { ["conversations"] = count };
        if (count > 0) metrics["rewards/mean"] = sum / count;
        return new RunOutcome(0, Interrupted: false, plan.OutputPath, metrics);
    }

    private static (int[] Ids, string? Id) Encode(string text, ITokenizer tokenizer, string path, int line)
    {
        JsonElement row;
        try
        {
            row = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, line, $"not valid JSON: {e.Message}");
        }
        if (row.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, line, "expected a JSON object with \"messages\", \"text\" or \"input_ids\"");
        var id = row.TryGetProperty("id", out var idValue) ? idValue.GetRawText() : null;
        int[] ids;
        if (row.TryGetProperty("messages", out var messages))
        {
            if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
                throw new DataFormatException(path, line, "\"messages\" must be a non-empty array of {\"role\", \"content\"} objects");
            var chat = messages.EnumerateArray().Select((m, i) =>
                m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
                && m.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                    ? new ChatMessage(role.GetString()!, content.GetString()!)
                    : throw new DataFormatException(path, line, $"messages[{i}] must be an object with string \"role\" and \"content\"")).ToList();
            string rendered;
            try
            {
                rendered = tokenizer.ApplyChatTemplate(chat, addGenerationPrompt: false);
            }
            catch (InvalidOperationException e)
            {
                throw new DataFormatException(path, line, $"cannot format the conversation: {e.Message}");
            }
            // The template writes the special tokens (BOS, turn markers) itself, as apply_chat_template does.
            ids = tokenizer.Encode(rendered, addSpecialTokens: false);
        }
        else if (row.TryGetProperty("text", out var plain) && plain.ValueKind == JsonValueKind.String)
            ids = tokenizer.Encode(plain.GetString()!);
        else if (row.TryGetProperty("input_ids", out var tokens))
            ids = PreTokenized(tokens, tokenizer.VocabSize, path, line);
        else throw new DataFormatException(path, line, "expected \"messages\" (a conversation), \"text\" (a string) or \"input_ids\" (token ids)");
        if (ids.Length == 0) throw new DataFormatException(path, line, "the row has no tokens to score");
        return (ids, id);
    }

    /// <summary>Token ids as a tokenizer produced them elsewhere (TRL's pre-tokenized rows): scored as given.</summary>
    private static int[] PreTokenized(JsonElement tokens, int vocabSize, string path, int line)
    {
        if (tokens.ValueKind != JsonValueKind.Array)
            throw new DataFormatException(path, line, "\"input_ids\" must be an array of token ids");
        var ids = new int[tokens.GetArrayLength()];
        var i = 0;
        foreach (var t in tokens.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out var id) || id < 0 || id >= vocabSize)
                throw new DataFormatException(path, line, $"input_ids[{i}] is {t.GetRawText()}; expected a token id in [0, {vocabSize})");
            ids[i++] = id;
        }
        return ids;
    }

    private static double[] Score(ISequenceScorer scorer, IReadOnlyList<int[]> rows, int pad, Device device)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var width = rows.Max(r => r.Length);
        var ids = new long[rows.Count * width];
        var mask = new long[rows.Count * width];
        Array.Fill(ids, pad);
        for (var r = 0; r < rows.Count; r++)
            for (var t = 0; t < rows[r].Length; t++)
            {
                ids[r * width + t] = rows[r][t];
                mask[r * width + t] = 1;
            }
        var scores = scorer.Scores(torch.tensor(ids, rows.Count, width).to(device), torch.tensor(mask, rows.Count, width).to(device));
        return scores.to(Device.CPU).to(ScalarType.Float64).data<double>();
    }
}
