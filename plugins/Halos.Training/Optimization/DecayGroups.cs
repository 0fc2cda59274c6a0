using Halos.Torch;
using Halos.Torch.Optim;

namespace Halos.Training.Optimization;

/// <summary>
/// Splits trainable parameters into the two AdamW groups of transformers' Trainer: weight matrices decay,
/// biases and normalisation weights do not (decaying a LayerNorm gain towards 0 only hurts). A parameter
/// is exempt when it has at most one dimension, or its name says bias or norm (<c>norm</c>, <c>ln_</c>,
/// <c>bias</c>), which also catches norms stored with an extra dimension.
/// </summary>
public static class DecayGroups
{
    public const string DecayName = "decay";
    public const string NoDecayName = "no_decay";

    public static bool IsExempt(string name, Tensor parameter)
    {
        if (parameter.dim() <= 1) return true;
        var lower = name.ToLowerInvariant();
        return lower.Contains("norm") || lower.Contains("ln_") || lower.Contains("bias");
    }

    /// <summary>
    /// The groups, decaying first, leaving out frozen parameters and empty groups. The order is fixed by the
    /// module's parameter order, so a resumed run lines optimiser state up with the same parameters.
    /// </summary>
    public static IReadOnlyList<ParamGroup> Split(IEnumerable<(string name, Tensor parameter)> named, double weightDecay)
    {
        var decay = new List<Tensor>();
        var exempt = new List<Tensor>();
        foreach (var (name, p) in named)
        {
            if (!p.requires_grad) continue;
            (IsExempt(name, p) ? exempt : decay).Add(p);
        }
        var groups = new List<ParamGroup>();
        if (decay.Count > 0) groups.Add(new ParamGroup(decay, weightDecay: weightDecay, name: DecayName));
        if (exempt.Count > 0) groups.Add(new ParamGroup(exempt, weightDecay: 0, name: NoDecayName));
        if (groups.Count == 0) throw new InvalidOperationException("the model has no trainable parameters (every parameter has requires_grad off)");
        return groups;
    }
}
