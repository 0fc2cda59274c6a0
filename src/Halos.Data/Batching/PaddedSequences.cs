using Halos.Data.Tokenization;
using Halos.Torch;

namespace Halos.Data.Batching;

/// <summary>
/// Sequences padded to one length (the longest, rounded up to <see cref="CollationOptions.PadToMultipleOf"/>):
/// <c>input_ids</c> int64 [N, T], <c>attention_mask</c> bool [N, T] (real tokens), <c>loss_mask</c> bool [N, T]
/// (completion tokens, the only ones that count in the loss).
/// </summary>
public static class PaddedSequences
{
    /// <summary>The padded length for sequences whose longest is <paramref name="longest"/>.</summary>
    public static int PaddedLength(int longest, int multipleOf) =>
        multipleOf > 1 ? (longest + multipleOf - 1) / multipleOf * multipleOf : longest;

    public static (Tensor InputIds, Tensor AttentionMask, Tensor LossMask) Build(IReadOnlyList<TokenSequence> sequences, CollationOptions options)
    {
        var rows = sequences.Count;
        var width = PaddedLength(sequences.Count == 0 ? 0 : sequences.Max(s => s.Length), options.PadToMultipleOf);
        var ids = new long[rows * width];
        var attention = new bool[rows * width];
        var loss = new bool[rows * width];
        Array.Fill(ids, options.PadTokenId);
        for (var r = 0; r < rows; r++)
        {
            var sequence = sequences[r];
            var offset = r * width + (options.Side == PaddingSide.Left ? width - sequence.Length : 0);
            for (var t = 0; t < sequence.Length; t++)
            {
                ids[offset + t] = sequence.Ids[t];
                attention[offset + t] = true;
                loss[offset + t] = t >= sequence.PromptLength;
            }
        }
        return (torch.tensor(ids, rows, width), torch.tensor(attention, rows, width), torch.tensor(loss, rows, width));
    }

    /// <summary>
    /// Per-completion-token values (a rollout's old or reference log-probs) laid out as the log-probs of these padded
    /// sequences are: [N, T-1] float32, where column t holds the value of the token at position t + 1 (each position
    /// predicts the next token); zero elsewhere. <paramref name="values"/>[r] has one value per completion token of row r.
    /// </summary>
    public static Tensor CompletionTokenValues(IReadOnlyList<TokenSequence> sequences, IReadOnlyList<float[]> values, CollationOptions options)
    {
        var rows = sequences.Count;
        var width = PaddedLength(sequences.Count == 0 ? 0 : sequences.Max(s => s.Length), options.PadToMultipleOf);
        var columns = Math.Max(width - 1, 0);
        var data = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            var sequence = sequences[r];
            if (values[r].Length != sequence.CompletionLength)
                throw new ArgumentException($"row {r}: {values[r].Length} values for {sequence.CompletionLength} completion tokens");
            var offset = options.Side == PaddingSide.Left ? width - sequence.Length : 0;
            for (var j = 0; j < values[r].Length; j++)
                data[r * columns + offset + sequence.PromptLength + j - 1] = values[r][j];
        }
        return torch.tensor(data, rows, columns);
    }
}
