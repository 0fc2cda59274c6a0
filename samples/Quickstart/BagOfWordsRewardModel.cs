using Halos.Torch;
using Halos.Torch.NN;

namespace Quickstart;

/// <summary>r(x) = mean of learned per-feature weights + bias: a linear reward model over hashed n-grams.</summary>
internal sealed class BagOfWordsRewardModel : Module<(Tensor ids, Tensor mask), Tensor>
{
    private readonly Embedding _weights;
    private readonly Linear _head;

    public BagOfWordsRewardModel(int buckets, int dim)
    {
        _weights = RegisterModule("features", new Embedding(buckets, dim, paddingIdx: 0));
        _head = RegisterModule("score", new Linear(dim, 1));
        using (torch.no_grad()) _weights.weight.mul_(0.01);
    }

    public override Tensor forward((Tensor ids, Tensor mask) input)
    {
        using var scope = torch.NewDisposeScope();
        var mask = input.mask.unsqueeze(-1);
        var pooled = (_weights.forward(input.ids) * mask).sum(1) / mask.sum(1).clamp(min: 1);
        return scope.MoveToOuter(_head.forward(pooled).squeeze(-1));
    }
}
