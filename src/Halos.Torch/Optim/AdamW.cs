using System.Globalization;
using Halos.Torch.Native;

namespace Halos.Torch.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019), with PyTorch's update order
/// and bias correction. The update runs natively, one call per group.
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly Dictionary<Tensor, Slot> _state = new(ReferenceEqualityComparer.Instance);

    private sealed class Slot(Tensor expAvg, Tensor expAvgSq)
    {
        public Tensor ExpAvg = expAvg;
        public Tensor ExpAvgSq = expAvgSq;
        public long Step;
    }

    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 1e-2)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay) { }

    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 1e-2)
        : base(groups, lr, weight_decay)
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 must be in [0, 1), got {beta1}");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), $"beta2 must be in [0, 1), got {beta2}");
        if (eps < 0) throw new ArgumentOutOfRangeException(nameof(eps), $"eps must be >= 0, got {eps}");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }

    public override unsafe void step()
    {
        foreach (var group in param_groups)
        {
            // Parameters without a gradient keep their state and step count untouched.
            var live = new List<(Tensor p, Slot s)>();
            foreach (var p in group.Parameters)
            {
                using var g = p.grad;
                if (g is null) continue;
                live.Add((p, SlotFor(p)));
            }
            // Usually every parameter shares one step count, so this is one native call per group.
            foreach (var batch in live.GroupBy(x => x.s.Step + 1))
            {
                var items = batch.ToArray();
                var ps = items.Select(x => x.p.Handle).ToArray();
                var ms = items.Select(x => x.s.ExpAvg.Handle).ToArray();
                var vs = items.Select(x => x.s.ExpAvgSq.Handle).ToArray();
                fixed (IntPtr* pp = ps)
                fixed (IntPtr* pm = ms)
                fixed (IntPtr* pv = vs)
                    Check.Status(Lib.ht_adamw_step(pp, pm, pv, ps.Length, group.LearningRate, Beta1, Beta2, Eps, group.WeightDecay, batch.Key));
                foreach (var x in items) x.s.Step = batch.Key;
                GC.KeepAlive(items);
            }
        }
    }

    private Slot SlotFor(Tensor p)
    {
        if (_state.TryGetValue(p, out var slot)) return slot;
        using var noGrad = torch.no_grad();
        slot = new Slot(DisposeScope.Detach(torch.zeros_like(p)), DisposeScope.Detach(torch.zeros_like(p)));
        _state[p] = slot;
        return slot;
    }

    /// <summary>The step count of a parameter (0 before its first update).</summary>
    public long StepOf(Tensor parameter) => _state.TryGetValue(parameter, out var s) ? s.Step : 0;

    public override OptimizerState state_dict()
    {
        var tensors = new Dictionary<string, Tensor>();
        var scalars = new Dictionary<string, string>
        {
            ["optimizer"] = "adamw",
            ["beta1"] = Fmt(Beta1),
            ["beta2"] = Fmt(Beta2),
            ["eps"] = Fmt(Eps),
        };
        var i = 0;
        foreach (var p in AllParameters)
        {
            if (_state.TryGetValue(p, out var s))
            {
                tensors[$"{i}.exp_avg"] = s.ExpAvg.detach();
                tensors[$"{i}.exp_avg_sq"] = s.ExpAvgSq.detach();
                scalars[$"{i}.step"] = s.Step.ToString(CultureInfo.InvariantCulture);
            }
            i++;
        }
        GroupScalars.Write(param_groups, scalars);
        return new OptimizerState(tensors, scalars);
    }

    public override void load_state_dict(OptimizerState state)
    {
        if (state.Kind != "adamw") throw new ArgumentException($"cannot load '{state.Kind}' optimizer state into AdamW");
        GroupScalars.Read(param_groups, state.Scalars);
        DisposeState();
        using var noGrad = torch.no_grad();
        var i = 0;
        foreach (var p in AllParameters)
        {
            var key = i.ToString(CultureInfo.InvariantCulture);
            if (state.Scalars.TryGetValue($"{key}.step", out var step))
            {
                var m = Restore(state, $"{key}.exp_avg", p);
                var v = Restore(state, $"{key}.exp_avg_sq", p);
                _state[p] = new Slot(m, v) { Step = long.Parse(step, CultureInfo.InvariantCulture) };
            }
            i++;
        }
    }

    private static Tensor Restore(OptimizerState state, string key, Tensor parameter)
    {
        if (!state.Tensors.TryGetValue(key, out var saved)) throw new ArgumentException($"optimizer state lacks tensor '{key}'");
        if (!saved.shape.SequenceEqual(parameter.shape))
            throw new ArgumentException($"optimizer state '{key}' has shape [{string.Join(", ", saved.shape)}], the parameter has [{string.Join(", ", parameter.shape)}]");
        return DisposeScope.Detach(saved.to(parameter.device, parameter.dtype).clone());
    }

    private static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    protected override void DisposeState()
    {
        foreach (var s in _state.Values)
        {
            s.ExpAvg.Dispose();
            s.ExpAvgSq.Dispose();
        }
        _state.Clear();
    }
}
