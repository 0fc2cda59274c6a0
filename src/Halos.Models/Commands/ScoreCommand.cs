using System.Text.Json;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Torch;
using Halos.Tokenizers;

namespace Halos.Models.Commands;

/// <summary>
/// <c>halos score --model DIR --input FILE.jsonl</c>: one reward per row from a sequence
/// classifier. Rows are text (<c>text</c>, tokenized with the model folder's tokenizer) or
/// pre-tokenized (<c>input_ids</c>). An <c>id</c> field is copied through.
/// </summary>
public static class ScoreCommand
{
    public static void Run(string modelFolder, string inputPath, TextWriter output, int batchSize = 8)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be positive, got {batchSize}");
        using var model = HfCheckpoint.Load(modelFolder) as SequenceClassifier
            ?? throw new CheckpointException(modelFolder, "score needs a sequence classifier (a reward model), but config.json describes a causal LM");
        Tokenizer? tokenizer = null;
        var batch = new List<(long[] ids, JsonElement? id)>();
        foreach (var (line, row) in JsonlRows.Read(inputPath))
        {
            var ids = JsonlRows.Ids(row, "input_ids", inputPath, line);
            if (ids is null)
            {
                var text = JsonlRows.Text(row, "text", inputPath, line)
                    ?? throw new FormatException($"{inputPath}:{line}: expected an \"input_ids\" array or a \"text\" string");
                tokenizer ??= Tokenizer.Load(modelFolder);
                ids = tokenizer.EncodeToIds(text).Select(i => (long)i).ToArray();
            }
            if (ids.Length == 0) throw new FormatException($"{inputPath}:{line}: the row has no tokens to score");
            var vocab = model.Config.Long("vocab_size");
            if (ids.FirstOrDefault(t => t >= vocab, -1) is var bad and >= 0)
                throw new FormatException($"{inputPath}:{line}: token id {bad} is outside the model's vocabulary of {vocab}");
            batch.Add((ids, row.TryGetProperty("id", out var id) ? id : null));
            if (batch.Count == batchSize) Flush(model, batch, output);
        }
        Flush(model, batch, output);
    }

    private static void Flush(SequenceClassifier model, List<(long[] ids, JsonElement? id)> batch, TextWriter output)
    {
        if (batch.Count == 0) return;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        // Padding must be the config's pad_token_id: the score is read at the rightmost id that is not it.
        var (ids, mask) = RightPadded.Batch(batch.Select(r => r.ids).ToList(), model.device, model.PadTokenId ?? 0);
        var scores = model.Scores(ids, mask).to(Device.CPU).to(ScalarType.Float32).data<float>();
        for (var i = 0; i < batch.Count; i++)
        {
            var idField = batch[i].id is { } id ? $"\"id\":{id.GetRawText()}," : "";
            output.WriteLine($"{{{idField}\"score\":{scores[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}");
        }
        batch.Clear();
    }
}
