using Halos.Torch;

namespace Halos.Models.LogProbs;

/// <summary>Per-row totals of token log-probs: the sum, the label-token count and their ratio (each [B]).</summary>
public sealed class SequenceLogProbs : IDisposable
{
    private SequenceLogProbs(Tensor sum, Tensor count, Tensor mean)
    {
        Sum = sum;
        Count = count;
        Mean = mean;
    }

    public Tensor Sum { get; }
    public Tensor Count { get; }
    public Tensor Mean { get; }

    /// <summary>From per-token log-probs [B, T-1] and the labels [B, T] they were computed from.</summary>
    public static SequenceLogProbs From(Tensor perToken, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        var length = labels.size(1);
        var count = labels.narrow(1, 1, length - 1).ne(TokenLogProbs.IgnoreIndex).sum(-1);
        var sum = perToken.sum(-1);
        var mean = sum / count.clamp_min(1).to(sum.dtype);
        scope.MoveToOuter(sum, count, mean);
        return new SequenceLogProbs(sum, count, mean);
    }

    public void Dispose()
    {
        Sum.Dispose();
        Count.Dispose();
        Mean.Dispose();
    }
}
