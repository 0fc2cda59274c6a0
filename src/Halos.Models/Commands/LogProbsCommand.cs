using System.Text.Json;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.LogProbs;
using Halos.Torch;
using Halos.Tokenizers;

namespace Halos.Models.Commands;

/// <summary>
/// <c>halos logprobs --model DIR --input FILE.jsonl</c>: per row, the summed and mean log-prob of
/// the completion given the prompt and the completion's token count, as the reference
/// precompute needs. Rows are text (<c>prompt</c>/<c>completion</c>, tokenized with the model
/// folder's tokenizer: the prompt with its special tokens, the completion without) or
/// pre-tokenized (<c>prompt_ids</c>/<c>completion_ids</c>). An <c>id</c> field is copied through.
/// </summary>
public static class LogProbsCommand
{
    public static void Run(string modelFolder, string inputPath, TextWriter output, int batchSize = 8)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be positive, got {batchSize}");
        using var model = HfCheckpoint.Load(modelFolder) as CausalLanguageModel
            ?? throw new CheckpointException(modelFolder, "logprobs needs a causal LM, but config.json describes a sequence classifier");
        Tokenizer? tokenizer = null;
        var batch = new List<(long[] prompt, long[] completion, JsonElement? id)>();
        foreach (var (line, row) in JsonlRows.Read(inputPath))
        {
            var promptIds = JsonlRows.Ids(row, "prompt_ids", inputPath, line);
            var completionIds = JsonlRows.Ids(row, "completion_ids", inputPath, line);
            if (promptIds is null || completionIds is null)
            {
                var prompt = JsonlRows.Text(row, "prompt", inputPath, line);
                var completion = JsonlRows.Text(row, "completion", inputPath, line);
                if (prompt is null || completion is null)
                    throw new FormatException($"{inputPath}:{line}: expected \"prompt\" and \"completion\" strings, or \"prompt_ids\" and \"completion_ids\" arrays");
                tokenizer ??= Tokenizer.Load(modelFolder);
                promptIds = tokenizer.EncodeToIds(prompt).Select(i => (long)i).ToArray();
                completionIds = tokenizer.EncodeToIds(completion, addSpecialTokens: false).Select(i => (long)i).ToArray();
            }
            if (promptIds.Length == 0) throw new FormatException($"{inputPath}:{line}: the prompt has no tokens; the first completion token needs at least one token before it");
            if (completionIds.Length == 0) throw new FormatException($"{inputPath}:{line}: the completion has no tokens");
            var vocab = model.VocabSize;
            if (promptIds.Concat(completionIds).FirstOrDefault(id => id >= vocab, -1) is var bad and >= 0)
                throw new FormatException($"{inputPath}:{line}: token id {bad} is outside the model's vocabulary of {vocab}");
            batch.Add((promptIds, completionIds, row.TryGetProperty("id", out var id) ? id : null));
            if (batch.Count == batchSize) Flush(model, batch, output);
        }
        Flush(model, batch, output);
    }

    private static void Flush(CausalLanguageModel model, List<(long[] prompt, long[] completion, JsonElement? id)> batch, TextWriter output)
    {
        if (batch.Count == 0) return;
        var (sums, means, counts) = DataFileLogProbs.SequenceTotals(model,
            batch.Select(r => new Data.Tokenization.TokenSequence(r.prompt.Concat(r.completion).Select(i => checked((int)i)).ToArray(), r.prompt.Length)).ToList());
        for (var i = 0; i < batch.Count; i++)
        {
            var idField = batch[i].id is { } id ? $"\"id\":{id.GetRawText()}," : "";
            output.WriteLine($"{{{idField}\"sum_logp\":{sums[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)},\"mean_logp\":{means[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)},\"tokens\":{counts[i]}}}");
        }
        batch.Clear();
    }
}
