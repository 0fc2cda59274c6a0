using Halos.Torch.Native;

namespace Halos.Torch.Optim;

/// <summary>
/// Base of the optimisers: parameter groups, per-parameter state tensors owned by the optimiser,
/// and state save/load so a resumed run continues exactly.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly List<ParamGroup> _groups;
    private bool _disposed;

    protected Optimizer(IEnumerable<ParamGroup> groups, double lr, double weightDecay)
    {
        if (lr < 0) throw new ArgumentOutOfRangeException(nameof(lr), $"learning rate must be >= 0, got {lr}");
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"weight decay must be >= 0, got {weightDecay}");
        _groups = groups.ToList();
        if (_groups.Count == 0) throw new ArgumentException("an optimiser needs at least one parameter group");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var g in _groups)
        {
            g.LearningRate = g.LearningRateOverride ?? lr;
            g.InitialLearningRate = g.LearningRate;
            g.WeightDecay = g.WeightDecayOverride ?? weightDecay;
            foreach (var p in g.Parameters)
                if (!seen.Add(p)) throw new ArgumentException("a parameter appears in more than one parameter group");
        }
    }

    public IReadOnlyList<ParamGroup> param_groups => _groups;

    /// <summary>Every parameter, in group order: the index used in saved state.</summary>
    protected IEnumerable<Tensor> AllParameters => _groups.SelectMany(g => g.Parameters);

    public abstract void step();

    /// <summary>Clears gradients; set_to_none (the default, as in PyTorch 2) drops them.</summary>
    public unsafe void zero_grad(bool set_to_none = true)
    {
        foreach (var g in _groups)
        {
            var handles = g.Parameters.Select(p => p.Handle).ToArray();
            fixed (IntPtr* h = handles) Check.Status(Lib.ht_zero_grad(h, handles.Length, set_to_none ? 1 : 0));
            GC.KeepAlive(g);
        }
    }

    /// <summary>State tensors keyed "{paramIndex}.{slot}", and scalars (step counts, group settings).</summary>
    public abstract OptimizerState state_dict();

    public abstract void load_state_dict(OptimizerState state);

    protected abstract void DisposeState();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeState();
        GC.SuppressFinalize(this);
    }
}
