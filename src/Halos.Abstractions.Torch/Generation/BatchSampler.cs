using Halos.Abstractions.Models;
using Halos.Torch;

namespace Halos.Abstractions.Generation;

/// <summary>
/// Samples completions for a batch of prompts from any <see cref="IGenerativeLanguageModel"/>: prompts are
/// left-padded, prefilled once, then decoded one token per step until every row stops or reaches max_new_tokens.
/// </summary>
/// <remarks>
/// Each row draws from its own <see cref="CounterRandom"/> stream (its entry of <c>streams</c>, by default its index),
/// so a prompt gets the same completion in any batch, and a seed reproduces a run without touching libtorch's global
/// generator. The log-prob returned with a token is under the distribution it was drawn from: after the repetition
/// penalty, temperature and filters; with those off it is <c>log_softmax(logits / T)</c>, the policy a GRPO update
/// recomputes. Greedy decoding reports <c>log_softmax</c> of the (penalised) logits at temperature 1.
/// </remarks>
public static class BatchSampler
{
    public static GeneratedSequence[] Generate(IGenerativeLanguageModel model, Device device, IReadOnlyList<int[]> prompts,
        SamplingOptions options, IReadOnlyList<ulong>? streams = null, ITokenizer? tokenizer = null)
    {
        options.Validate();
        if (prompts.Count == 0) return [];
        for (var i = 0; i < prompts.Count; i++)
            if (prompts[i].Length == 0) throw new ArgumentException($"prompt {i} is empty; generation needs at least one token to condition on");
        if (streams is not null && streams.Count != prompts.Count)
            throw new ArgumentException($"{streams.Count} random streams for {prompts.Count} prompts; give one per prompt");
        if (options.StopStrings.Count > 0 && tokenizer is null)
            throw new ArgumentException("stop strings need the tokenizer that decodes the completions");

        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var batch = prompts.Count;
        var rows = Enumerable.Range(0, batch).Select(i => new CompletionBuilder(options, tokenizer)).ToArray();
        var (ids, mask) = LeftPad(prompts, options.PadTokenId, device);
        var (logits, cache) = model.Prefill(ids, mask);
        using var ownedCache = cache;
        Tensor? seen = options.RepetitionPenalty != 1
            ? torch.zeros([batch, logits.size(-1)], ScalarType.Int64, device).scatter_add(1, ids, mask).gt(0)
            : null;

        for (var step = 0; ; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var uniforms = options.IsGreedy ? null : Enumerable.Range(0, batch)
                .Select(b => CounterRandom.Uniform(options.Seed, streams?[b] ?? (ulong)b, (ulong)step)).ToArray();
            var (tokens, logProbs) = Pick(logits, seen, options, uniforms, device);
            var picked = tokens.to(Device.CPU).data<long>();
            var pickedLogProbs = logProbs.to(Device.CPU).data<float>();
            for (var b = 0; b < batch; b++)
            {
                if (rows[b].Finished) picked[b] = options.PadTokenId;
                else rows[b].Add(picked[b], pickedLogProbs[b]);
            }
            if (rows.All(r => r.Finished)) break;

            var next = torch.tensor(picked, batch).to(device);
            // The step's inputs are replaced, not accumulated: a long generation holds one [B, V] of each.
            if (seen is not null) seen = Replace(seen, stepScope.MoveToOuter(seen.scatter(1, next.unsqueeze(1), torch.ones([batch, 1], ScalarType.Bool, device))));
            logits = Replace(logits, stepScope.MoveToOuter(model.Decode(cache, next)));
        }
        return rows.Select(r => r.Build()).ToArray();
    }

    private static Tensor Replace(Tensor old, Tensor next)
    {
        old.Dispose();
        return next;
    }

    /// <summary>Each row's token [B] and its log-prob [B] (float32) under the processed distribution.</summary>
    private static (Tensor Tokens, Tensor LogProbs) Pick(Tensor logits, Tensor? seen, SamplingOptions options, double[]? uniforms, Device device)
    {
        var scores = logits.to(ScalarType.Float32);
        if (seen is not null) scores = LogitsProcessing.PenaliseRepeats(scores, seen, options.RepetitionPenalty);
        // Only the picked token's log-prob is needed: its logit less the row's logsumexp, not a [B, V] log-softmax.
        if (uniforms is not null)
            return LogitsProcessing.Sample(LogitsProcessing.Filter(scores, options), torch.tensor(uniforms, uniforms.Length).to(device));
        var tokens = scores.argmax(-1);
        return (tokens, scores.gather(1, tokens.unsqueeze(1)).squeeze(1) - scores.logsumexp(-1));
    }

    private static (Tensor Ids, Tensor Mask) LeftPad(IReadOnlyList<int[]> prompts, long pad, Device device)
    {
        var length = prompts.Max(p => p.Length);
        var ids = new long[prompts.Count * length];
        var mask = new long[prompts.Count * length];
        for (var b = 0; b < prompts.Count; b++)
        {
            var offset = length - prompts[b].Length;
            for (var t = 0; t < length; t++)
            {
                ids[b * length + t] = t < offset ? pad : prompts[b][t - offset];
                mask[b * length + t] = t < offset ? 0 : 1;
            }
        }
        return (torch.tensor(ids, prompts.Count, length).to(device), torch.tensor(mask, prompts.Count, length).to(device));
    }
}
