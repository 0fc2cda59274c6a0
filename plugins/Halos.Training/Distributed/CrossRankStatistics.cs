using Halos.Abstractions.Losses;
using Halos.Torch;
using Halos.Torch.Distributed;

namespace Halos.Training.Distributed;

/// <summary>
/// The loss inputs that describe a whole training microbatch rather than one example (declared
/// <see cref="LossInputAttribute.GatheredAcrossRanks"/>), gathered from every rank before the loss runs: today KTO's
/// mismatched-pair log-probs (<c>PolicyKL</c>, <c>ReferenceKL</c>), whose mean is the reference point z0. HALOs all-gathers them the same way, so every rank uses one z0 for the global microbatch.
/// They carry no gradient, so the gather needs no backward. Per-example inputs stay local. The inputs also get
/// <see cref="LossInputs.CrossRankSum"/>, through which a loss's running means see the global batch.
/// </summary>
public static class CrossRankStatistics
{
    public static LossInputs Gather(LossInputs inputs, DistributedContext ranks)
    {
        if (!ranks.IsDistributed) return inputs;
        // Running statistics (BCO's δ) are summed over the ranks when the loss updates them.
        inputs = inputs with { CrossRankSum = values => ranks.AllReduce(values) };
        using var noGrad = torch.no_grad();
        foreach (var field in InputCatalog.Fields.Where(f => f.GatheredAcrossRanks))
            if (field.Read(inputs) is { } local) inputs = field.With(inputs, ranks.AllGatherConcat(local.detach()));
        return inputs;
    }
}
