using System.Text.Json;
using Halos.Abstractions.Models;
using Halos.Torch.NN;

namespace Halos.Models.LogProbs;

/// <summary>
/// <c>halos logprobs --model DIR --input FILE.jsonl</c>: per row, the summed and mean log-prob of the completion given
/// the prompt and the completion's token count, as the reference precompute needs. Rows are text
/// (<c>prompt</c>/<c>completion</c>, tokenized with the model's tokenizer: the prompt with its special tokens, the
/// completion without) or pre-tokenized (<c>prompt_ids</c>/<c>completion_ids</c>). An <c>id</c> field is copied
/// through. The model is any model plugin's causal LM (<see cref="ICausalLanguageModel"/>).
/// </summary>
public static class RowLogProbs
{
    /// <param name="tokenizer">Loads the model's tokenizer; called on the first text row only (id rows need none).</param>
    public static void Run(Module model, Func<ITokenizer> tokenizer, string inputPath, TextWriter output, int batchSize = 8)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be positive, got {batchSize}");
        var vocab = ExampleLogProbs.VocabularyOf(model);
        ITokenizer? loaded = null;
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
                loaded ??= tokenizer();
                promptIds = loaded.Encode(prompt).Select(i => (long)i).ToArray();
                completionIds = loaded.Encode(completion, addSpecialTokens: false).Select(i => (long)i).ToArray();
            }
            if (promptIds.Length == 0) throw new FormatException($"{inputPath}:{line}: the prompt has no tokens; the first completion token needs at least one token before it");
            if (completionIds.Length == 0) throw new FormatException($"{inputPath}:{line}: the completion has no tokens");
            if (vocab is { } size && promptIds.Concat(completionIds).FirstOrDefault(id => id >= size || id < 0, -1) is var bad and not -1)
                throw new FormatException($"{inputPath}:{line}: token id {bad} is outside the model's vocabulary of {size}");
            batch.Add((promptIds, completionIds, row.TryGetProperty("id", out var id) ? id : null));
            if (batch.Count == batchSize) Flush(model, batch, output);
        }
        Flush(model, batch, output);
    }

    private static void Flush(Module model, List<(long[] prompt, long[] completion, JsonElement? id)> batch, TextWriter output)
    {
        if (batch.Count == 0) return;
        var (sums, means, counts) = ExampleLogProbs.SequenceTotals(model,
            batch.Select(r => new Data.Tokenization.TokenSequence(r.prompt.Concat(r.completion).Select(i => checked((int)i)).ToArray(), r.prompt.Length)).ToList());
        for (var i = 0; i < batch.Count; i++)
        {
            var idField = batch[i].id is { } id ? $"\"id\":{id.GetRawText()}," : "";
            output.WriteLine($"{{{idField}{ExampleLogProbs.Fields(sums[i], means[i], counts[i])}}}");
        }
        batch.Clear();
    }
}
