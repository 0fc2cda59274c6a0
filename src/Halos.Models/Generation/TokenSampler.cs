using Halos.Torch;

namespace Halos.Models.Generation;

/// <summary>Picks each row's next token from its last-position logits [B, V].</summary>
public static class TokenSampler
{
    public static long[] Next(Tensor logits, GenerationOptions options)
    {
        using var scope = torch.NewDisposeScope();
        if (!options.DoSample) return logits.argmax(-1).to(Device.CPU).data<long>();
        var scores = logits.to(ScalarType.Float32) / options.Temperature;
        if (options.TopK > 0 && options.TopK < scores.size(-1))
        {
            var (kth, _) = scores.topk(options.TopK, -1);
            var threshold = kth.narrow(-1, options.TopK - 1, 1);
            scores = scores.masked_fill(scores.lt(threshold), double.NegativeInfinity);
        }
        if (options.TopP < 1) scores = NucleusFilter(scores, options.TopP);
        var probabilities = F.softmax(scores, -1);
        return probabilities.multinomial(1).squeeze(-1).to(Device.CPU).data<long>();
    }

    /// <summary>Removes tokens outside the smallest most-likely set whose mass reaches p; the top token always stays.</summary>
    private static Tensor NucleusFilter(Tensor scores, double p)
    {
        var (sorted, order) = scores.sort(-1, descending: true);
        var probabilities = F.softmax(sorted, -1);
        var massBefore = probabilities.cumsum(-1) - probabilities;
        var removeSorted = massBefore.ge(p);
        var remove = removeSorted.scatter(-1, order, removeSorted);
        return scores.masked_fill(remove, double.NegativeInfinity);
    }
}
