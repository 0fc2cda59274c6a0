using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Data.Tokenization;
using Halos.Torch;

namespace Halos.Data.Batching;

/// <summary>
/// Collates encoded examples into the tensors of one microbatch, padded to its longest sequence. Every kind
/// gets <c>input_ids</c>, <c>attention_mask</c> and <c>loss_mask</c> (see <see cref="PaddedSequences"/>); then:
/// <list type="bullet">
/// <item>paired / scored: 2B rows, the B chosen sequences then the B rejected ones, so both go through one
/// forward pass; <c>margin</c> float32 [B] when any example has one (0 where missing);</item>
/// <item>unpaired: <c>desirable</c> bool [B], and <c>kl_input_ids</c> / <c>kl_attention_mask</c> /
/// <c>kl_loss_mask</c> for the mismatched KL pairs (<see cref="KtoMismatchedPairs"/>);</item>
/// <item>ranked / grouped: B·N rows, example b's item i at row b·N + i, N the longest list in the batch;
/// <c>list_mask</c> bool [B, N] marks real items (a missing item is the prompt alone, never a row of pure
/// padding); grouped adds <c>scores</c> float32 [B, N].</item>
/// </list>
/// </summary>
public static class BatchCollator
{
    public static Batch Collate(IReadOnlyList<EncodedExample> examples, DataKind kind, CollationOptions options, int klMaxLength = 0)
    {
        if (examples.Count == 0) throw new ArgumentException("cannot collate an empty batch", nameof(examples));
        var tensors = kind switch
        {
            DataKind.Paired or DataKind.Scored => Paired(examples, options),
            DataKind.Unpaired => Unpaired(examples, options, klMaxLength),
            DataKind.Ranked or DataKind.Grouped => Lists(examples, options, kind == DataKind.Grouped),
            DataKind.Sft => Sequences(examples.Select(e => e.Sequences[0]).ToList(), options),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown data kind"),
        };
        return new Batch(kind, examples.Select(e => e.Source).ToList(), tensors);
    }

    private static Dictionary<string, Tensor> Sequences(IReadOnlyList<TokenSequence> sequences, CollationOptions options, string prefix = "")
    {
        var (ids, attention, loss) = PaddedSequences.Build(sequences, options);
        return new Dictionary<string, Tensor>
        {
            [prefix + "input_ids"] = ids,
            [prefix + "attention_mask"] = attention,
            [prefix + "loss_mask"] = loss,
        };
    }

    private static Dictionary<string, Tensor> Paired(IReadOnlyList<EncodedExample> examples, CollationOptions options)
    {
        foreach (var e in examples)
            if (e.Sequences.Count != 2) throw new ArgumentException($"{e.Source.Id}: a paired example needs 2 sequences (chosen, rejected), has {e.Sequences.Count}");
        var rows = examples.Select(e => e.Sequences[0]).Concat(examples.Select(e => e.Sequences[1])).ToList();
        var tensors = Sequences(rows, options);
        var margins = examples.Select(e => e.Source switch
        {
            PairedExample p => p.Margin,
            TokenizedPairedExample t => t.Margin,
            _ => null,
        }).ToList();
        if (margins.Any(m => m is not null))
            tensors["margin"] = torch.tensor(margins.Select(m => (float)(m ?? 0)).ToArray());
        return tensors;
    }

    private static Dictionary<string, Tensor> Unpaired(IReadOnlyList<EncodedExample> examples, CollationOptions options, int klMaxLength)
    {
        var sequences = examples.Select(e => e.Sequences[0]).ToList();
        var tensors = Sequences(sequences, options);
        tensors["desirable"] = torch.tensor(examples.Select(e => e.Source is UnpairedExample { Desirable: true }).ToArray());
        foreach (var (name, tensor) in Sequences(KtoMismatchedPairs.Build(examples, klMaxLength), options, "kl_"))
            tensors[name] = tensor;
        return tensors;
    }

    private static Dictionary<string, Tensor> Lists(IReadOnlyList<EncodedExample> examples, CollationOptions options, bool withScores)
    {
        var n = examples.Max(e => e.Sequences.Count);
        var rows = new List<TokenSequence>(examples.Count * n);
        var present = new bool[examples.Count * n];
        var scores = new float[examples.Count * n];
        for (var b = 0; b < examples.Count; b++)
        {
            var sequences = examples[b].Sequences;
            var promptOnly = new TokenSequence(sequences[0].PromptIds.ToArray(), sequences[0].PromptLength);
            for (var i = 0; i < n; i++)
            {
                present[b * n + i] = i < sequences.Count;
                rows.Add(i < sequences.Count ? sequences[i] : promptOnly);
                if (withScores && examples[b].Source is GroupedExample g && i < g.Completions.Count) scores[b * n + i] = (float)g.Completions[i].Score;
            }
        }
        var tensors = Sequences(rows, options);
        tensors["list_mask"] = torch.tensor(present, examples.Count, n);
        if (withScores)
        {
            tensors["scores"] = torch.tensor(scores, examples.Count, n);
            // An online rollout's per-token log-probs, measured once when it was sampled.
            if (RolloutValues(examples, n, c => c.OldLogProbs) is { } old) tensors["old_logps"] = PaddedSequences.CompletionTokenValues(rows, old, options);
            if (RolloutValues(examples, n, c => c.ReferenceLogProbs) is { } reference) tensors["ref_logps"] = PaddedSequences.CompletionTokenValues(rows, reference, options);
        }
        return tensors;
    }

    /// <summary>One array per row of a grouped batch (row b·N + i), when every completion of every example carries one; else null.</summary>
    private static List<float[]>? RolloutValues(IReadOnlyList<EncodedExample> examples, int n, Func<ScoredCompletion, float[]?> pick)
    {
        var values = new List<float[]>(examples.Count * n);
        foreach (var e in examples)
        {
            if (e.Source is not GroupedExample { } g || g.Completions.Count != n) return null;
            foreach (var c in g.Completions)
            {
                if (pick(c) is not { } v) return null;
                values.Add(v);
            }
        }
        return values;
    }
}
