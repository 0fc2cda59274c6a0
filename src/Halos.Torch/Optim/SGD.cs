using System.Globalization;
using Halos.Torch.Native;

namespace Halos.Torch.Optim;

/// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov and L2 weight decay, as torch.optim.SGD.</summary>
public sealed class SGD : Optimizer
{
    private readonly Dictionary<Tensor, Tensor> _momentum = new(ReferenceEqualityComparer.Instance);

    public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : this([new ParamGroup(parameters)], lr, momentum, dampening, weight_decay, nesterov) { }

    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(groups, lr, weight_decay)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), $"momentum must be >= 0, got {momentum}");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a positive momentum and zero dampening");
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    public double Momentum { get; }
    public double Dampening { get; }
    public bool Nesterov { get; }

    public override unsafe void step()
    {
        foreach (var group in param_groups)
        {
            var fresh = new List<Tensor>();
            var seasoned = new List<Tensor>();
            foreach (var p in group.Parameters)
            {
                using var g = p.grad;
                if (g is null) continue;
                if (Momentum != 0 && !_momentum.ContainsKey(p))
                {
                    _momentum[p] = DisposeScope.Detach(torch.zeros_like(p));
                    fresh.Add(p);
                }
                else seasoned.Add(p);
            }
            // The first step copies the gradient into a new momentum buffer; later ones blend.
            foreach (var (items, first) in new[] { (fresh, true), (seasoned, false) })
            {
                if (items.Count == 0) continue;
                var ps = items.Select(p => p.Handle).ToArray();
                var bs = items.Select(p => Momentum != 0 ? _momentum[p].Handle : IntPtr.Zero).ToArray();
                fixed (IntPtr* pp = ps)
                fixed (IntPtr* pb = bs)
                    Check.Status(Lib.ht_sgd_step(pp, pb, ps.Length, group.LearningRate, Momentum, Dampening, group.WeightDecay, Nesterov ? 1 : 0, first ? 1 : 0));
                GC.KeepAlive(items);
            }
        }
    }

    public override OptimizerState state_dict()
    {
        var tensors = new Dictionary<string, Tensor>();
        var scalars = new Dictionary<string, string>
        {
            ["optimizer"] = "sgd",
            ["momentum"] = Momentum.ToString("R", CultureInfo.InvariantCulture),
        };
        var i = 0;
        foreach (var p in AllParameters)
        {
            if (_momentum.TryGetValue(p, out var b)) tensors[$"{i}.momentum_buffer"] = b.detach();
            i++;
        }
        GroupScalars.Write(param_groups, scalars);
        return new OptimizerState(tensors, scalars);
    }

    public override void load_state_dict(OptimizerState state)
    {
        if (state.Kind != "sgd") throw new ArgumentException($"cannot load '{state.Kind}' optimizer state into SGD");
        GroupScalars.Read(param_groups, state.Scalars);
        DisposeState();
        using var noGrad = torch.no_grad();
        var i = 0;
        foreach (var p in AllParameters)
        {
            if (state.Tensors.TryGetValue($"{i}.momentum_buffer", out var saved))
                _momentum[p] = DisposeScope.Detach(saved.to(p.device, p.dtype).clone());
            i++;
        }
    }

    protected override void DisposeState()
    {
        foreach (var b in _momentum.Values) b.Dispose();
        _momentum.Clear();
    }
}
