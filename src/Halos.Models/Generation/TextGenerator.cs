using Halos.Models.Architectures;
using Halos.Models.Layers;
using Halos.Torch;

namespace Halos.Models.Generation;

/// <summary>
/// Autoregressive decoding for a batch of prompts. Prompts are left-padded to a common length
/// and the padding is masked out of attention, with positions counted from each row's first
/// real token, so every row decodes exactly as it would alone.
/// </summary>
public static class TextGenerator
{
    /// <summary>The new tokens of each row (its stop token included, padding excluded).</summary>
    public static long[][] Generate(CausalLanguageModel model, IReadOnlyList<long[]> prompts, GenerationOptions? options = null)
    {
        options ??= new GenerationOptions();
        options.Validate();
        if (prompts.Count == 0) return [];
        for (var i = 0; i < prompts.Count; i++)
            if (prompts[i].Length == 0) throw new ArgumentException($"prompt {i} is empty; generation needs at least one token to condition on");
        if (options.Seed is { } seed) torch.manual_seed(seed);

        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var device = model.device;
        var (ids, mask) = LeftPad(prompts, options.PadTokenId, device);
        var batch = prompts.Count;
        var outputs = Enumerable.Range(0, batch).Select(_ => new List<long>()).ToArray();
        var finished = new bool[batch];
        using var cache = options.UseCache ? model.NewCache() : null;

        // The first step reads the whole prompt; later steps only the new token when cached.
        var stepIds = ids;
        var stepPositions = Positions(mask);
        for (var step = 0; step < options.MaxNewTokens; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var logits = model.forward(stepIds, mask, stepPositions, cache);
            var last = logits.select(1, logits.size(1) - 1);
            var next = TokenSampler.Next(last, options);
            for (var b = 0; b < batch; b++)
            {
                if (finished[b])
                {
                    next[b] = options.PadTokenId;
                    continue;
                }
                outputs[b].Add(next[b]);
                if (options.StopTokens.Contains(next[b])) finished[b] = true;
            }
            if (finished.All(f => f) || step == options.MaxNewTokens - 1) break;

            var nextIds = torch.tensor(next, batch, 1).to(device);
            ids = torch.cat([ids, nextIds], 1);
            mask = torch.cat([mask, torch.ones([batch, 1], ScalarType.Int64, device)], 1);
            var positions = Positions(mask);
            stepIds = cache is null ? ids : nextIds;
            stepPositions = cache is null ? positions : positions.narrow(1, positions.size(1) - 1, 1);
            // Everything the next step reads must outlive this step's scope.
            foreach (var t in new HashSet<Tensor>([ids, mask, stepIds, stepPositions], ReferenceEqualityComparer.Instance))
                stepScope.MoveToOuter(t);
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    private static (Tensor ids, Tensor mask) LeftPad(IReadOnlyList<long[]> prompts, long pad, Device device)
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

    /// <summary>Each real token's index among its row's real tokens; padding gets 1, as transformers' generate does (it is masked anyway).</summary>
    public static Tensor Positions(Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var positions = mask.to(ScalarType.Int64).cumsum(1) - 1L;
        return scope.MoveToOuter(positions.masked_fill(mask.eq(0), 1));
    }
}
