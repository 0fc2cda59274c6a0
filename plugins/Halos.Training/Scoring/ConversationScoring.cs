using Halos.Data.Output;
using System.Globalization;
using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Data.Tokenization;
using Halos.Torch;

using Halos.Training.Checkpoints;

namespace Halos.Training.Scoring;

/// <summary>
/// <c>halos score --model DIR --input conversations.jsonl</c>: one reward per row, scored as training scored it.
/// <list type="bullet">
/// <item><c>text</c> is a completion with an empty prompt, and <c>messages</c> whose last turn is the assistant's is that
/// reply to the earlier turns: both are encoded by the training encoder, so text gets EOS appended (BOS prepended when
/// the tokenizer has one) and a conversation goes through the chat template exactly as in training. Other
/// <c>messages</c> are the chat template's rendering of the whole conversation.</item>
/// <item><c>input_ids</c> rows (TRL's pre-tokenized form) are scored as given; they need no tokenizer and are checked
/// against the model's <c>vocab_size</c>.</item>
/// <item>Every row is held to the <c>Data</c> section's length limits under <c>Data:OverLength</c>,
/// as training does: truncated, dropped (counted, and no output line), or an error naming the row.</item>
/// </list>
/// Rows are padded with the model config's pad_token_id in batches of <c>Training:BatchSize</c>; the score is read where
/// transformers reads it. Output: one <c>{"index":..,"id":..,"score":..}</c> line per scored row, <c>index</c> the row's
/// 0-based position among the input's non-blank lines and <c>id</c> its <c>id</c> field, when it has one.
/// </summary>
public static class ConversationScoring
{
    public static RunOutcome Run(RunPlan plan, TextWriter standardOutput, CancellationToken cancellationToken)
    {
        var input = plan.InputPath ?? throw new InvalidOperationException("score needs --input: a JSONL file of conversations");
        if (!File.Exists(input)) throw new DataFormatException(input, null, "the input file does not exist");
        var spec = Setup.PlanModelSpec.Of(plan);
        RewardCheckpointCheck.Require(spec);
        using var module = plan.Models.Build(spec, ModelRole.Reward);
        var scorer = module as ISequenceScorer
                     ?? throw new ModelSpecException($"{spec}: score needs a reward model (a sequence classifier); the model plugin built a {module.GetType().Name}");
        module.eval();
        var rows = new ScoreRows(input, EncodingOptions.From(CollateOptions.From(plan.Data)), () => plan.Models.LoadTokenizer(spec), scorer.VocabSize);

        var pending = new List<ScoreRow>();
        double sum = 0;
        long count = 0;
        void Flush(TextWriter writer)
        {
            if (pending.Count == 0) return;
            var pad = scorer.PadTokenId ?? rows.TokenizerPadId ?? 0;
            var scores = Score(scorer, pending.Select(p => p.Ids).ToList(), pad, spec.Device);
            for (var i = 0; i < pending.Count; i++)
            {
                var id = pending[i].Id is { } raw ? $"\"id\":{raw}," : "";
                writer.WriteLine($"{{\"index\":{pending[i].Index},{id}\"score\":{scores[i].ToString("R", CultureInfo.InvariantCulture)}}}");
                sum += scores[i];
                count++;
            }
            pending.Clear();
        }

        AtomicOutputFile.Write(plan.OutputPath, standardOutput, writer =>
        {
            foreach (var row in rows.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                pending.Add(row);
                if (pending.Count >= plan.Training.BatchSize) Flush(writer);
            }
            Flush(writer);
            return count;
        });
        var metrics = new Dictionary<string, double> { ["conversations"] = count };
        if (count > 0) metrics["rewards/mean"] = sum / count;
        if (rows.Truncated > 0) metrics["truncated"] = rows.Truncated;
        if (rows.Dropped > 0) metrics["dropped"] = rows.Dropped;
        return new RunOutcome(0, Interrupted: false, plan.OutputPath, metrics);
    }

    /// <summary>The scores of token rows, right-padded with <paramref name="pad"/> into one batch.</summary>
    internal static double[] Score(ISequenceScorer scorer, IReadOnlyList<int[]> rows, long pad, Device device)
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
