using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Torch;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Rows that hold the config's <c>pad_token_id</c> before their last real token that is not it (with pad == eos, an
/// EOS between turns of a conversation). Halos reads a score at the rightmost id that is not the pad id, as
/// transformers' <c>*ForSequenceClassification</c> does from v4.48; earlier versions read it before the first pad id,
/// so an exported model would score such rows differently there. The reward trainer warns about them at the start.
/// </summary>
public static class PadBeforeLastToken
{
    /// <summary>How many examples the start-up check collates at most: the warning is about the data's shape, not a count.</summary>
    public const int ExamplesChecked = 4096;

    /// <summary>For each row of <paramref name="inputIds"/> [B, T], the first position of a pad id followed by a real non-pad id, or −1.</summary>
    public static long[] FirstInnerPad(Tensor inputIds, Tensor attentionMask, long pad)
    {
        using var scope = torch.NewDisposeScope();
        var real = attentionMask.ne(0);
        var isPad = inputIds.eq(pad).logical_and(real);
        var content = inputIds.ne(pad).logical_and(real);
        var length = inputIds.size(1);
        var positions = torch.arange(length, device: inputIds.device).unsqueeze(0).expand(inputIds.size(0), length);
        var lastContent = positions.masked_fill(content.logical_not(), -1).amax(-1, keepdim: true);
        var inner = isPad.logical_and(positions.lt(lastContent));
        var first = positions.masked_fill(inner.logical_not(), length).amin(-1);
        return first.data<long>().Select(p => p == length ? -1 : p).ToArray();
    }

    /// <summary>The warning for the run's first <see cref="ExamplesChecked"/> examples, or null when no row holds such a pad id.</summary>
    public static string? Check(TrainerPreparation preparation, long pad, Func<IReadOnlyList<Example>, Batch> collate)
    {
        var examples = preparation.Examples.Take(ExamplesChecked).ToList();
        int rows = 0, flagged = 0;
        string? firstExample = null;
        long firstPosition = 0;
        for (var start = 0; start < examples.Count; start += 64)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = examples.GetRange(start, Math.Min(64, examples.Count - start));
            var batch = collate(chunk);
            var found = FirstInnerPad(batch["input_ids"], batch["attention_mask"], pad);
            rows += found.Length;
            for (var r = 0; r < found.Length; r++)
            {
                if (found[r] < 0) continue;
                if (flagged++ == 0)
                {
                    // Scored pairs collate all chosen rows, then all rejected rows; ranked lists N rows per example in turn.
                    firstExample = chunk[preparation.Loss.Kind == DataKind.Ranked ? r * chunk.Count / found.Length : r % chunk.Count].Id;
                    firstPosition = found[r];
                }
            }
        }
        if (flagged == 0) return null;
        return $"{flagged} of {rows} rows (first: example '{firstExample}', token {firstPosition}) hold pad_token_id {pad} before their last real token. "
               + "Halos and transformers >= 4.48 read the score at the rightmost token that is not the pad id; transformers < 4.48 "
               + "reads it before the first pad id, so an exported model scores these rows differently there. "
               + "Give the model a pad id of its own (config.json pad_token_id, and the tokenizer's pad token) to make them agree.";
    }
}
