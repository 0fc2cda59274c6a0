namespace Halos.Torch.NN;

/// <summary>
/// The base of every layer and model: a tree of named parameters, buffers and submodules whose
/// names join with dots (<c>transformer.h.0.attn.c_attn.weight</c>), with train/eval mode,
/// in-place device and dtype moves, and state_dict save/load.
/// Parameters and buffers belong to the module, never to a dispose scope; Dispose frees them.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<string> _parameterOrder = new();
    private readonly Dictionary<string, Tensor> _parameters = new();
    private readonly List<string> _bufferOrder = new();
    private readonly Dictionary<string, (Tensor tensor, bool persistent)> _buffers = new();
    private readonly List<string> _moduleOrder = new();
    private readonly Dictionary<string, Module> _modules = new();
    private bool _disposed;

    public bool training { get; private set; } = true;

    protected Tensor RegisterParameter(string name, Tensor tensor, bool requiresGrad = true)
    {
        EnsureNewName(name);
        DisposeScope.Detach(tensor);
        if (tensor.requires_grad != requiresGrad) tensor.requires_grad_(requiresGrad);
        _parameterOrder.Add(name);
        _parameters[name] = tensor;
        return tensor;
    }

    protected Tensor RegisterBuffer(string name, Tensor tensor, bool persistent = true)
    {
        EnsureNewName(name);
        DisposeScope.Detach(tensor);
        _bufferOrder.Add(name);
        _buffers[name] = (tensor, persistent);
        return tensor;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        EnsureNewName(name);
        _moduleOrder.Add(name);
        _modules[name] = module;
        return module;
    }

    /// <summary>
    /// Registers <paramref name="module"/> as a child named <paramref name="name"/> from outside the class, as PyTorch's
    /// <c>add_module</c> does: its parameters then join <see cref="parameters"/>, <see cref="state_dict"/> and
    /// <see cref="load_state_dict"/> under <c>name.*</c>, and this module disposes it. (A trainer's extra head, such as
    /// PPO's value head <c>v_head</c>, is attached this way.)
    /// </summary>
    public T add_module<T>(string name, T module) where T : Module => RegisterModule(name, module);

    private void EnsureNewName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a valid member name: it must be non-empty and contain no '.'");
        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _modules.ContainsKey(name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'");
    }

    public IEnumerable<(string name, Module module)> named_children() => _moduleOrder.Select(n => (n, _modules[n]));

    public IEnumerable<(string name, Module module)> named_modules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var n in _moduleOrder)
            foreach (var child in _modules[n].named_modules(Join(prefix, n)))
                yield return child;
    }

    public IEnumerable<(string name, Tensor parameter)> named_parameters(bool recurse = true)
    {
        foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
            foreach (var n in module._parameterOrder)
                yield return (Join(prefix, n), module._parameters[n]);
    }

    public IEnumerable<Tensor> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

    public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
    {
        foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
            foreach (var n in module._bufferOrder)
                yield return (Join(prefix, n), module._buffers[n].tensor);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    public Module train(bool mode = true)
    {
        foreach (var (_, m) in named_modules()) m.training = mode;
        return this;
    }

    public Module eval() => train(false);

    public Module requires_grad_(bool flag = true)
    {
        foreach (var p in parameters()) p.requires_grad_(flag);
        return this;
    }

    public void zero_grad(bool set_to_none = true)
    {
        foreach (var p in parameters())
        {
            if (set_to_none) p.grad = null;
            else
            {
                using var g = p.grad;
                g?.zero_();
            }
        }
    }

    /// <summary>Moves every parameter and buffer, in place, so references held elsewhere stay valid.</summary>
    public Module to(Device device) => Apply(t => t.to(device), floatingOnly: false);

    /// <summary>Casts floating-point parameters and buffers; integer buffers keep their dtype.</summary>
    public Module to(ScalarType dtype) => Apply(t => t.to(dtype), floatingOnly: true);

    public Module to(Device device, ScalarType dtype)
    {
        to(device);
        return to(dtype);
    }

    private Module Apply(Func<Tensor, Tensor> convert, bool floatingOnly)
    {
        using var noGrad = torch.no_grad();
        foreach (var t in named_parameters().Select(p => p.parameter).Concat(named_buffers().Select(b => b.buffer)))
        {
            if (floatingOnly && !t.dtype.IsFloatingPoint()) continue;
            using var converted = convert(t);
            t.set_data(converted);
        }
        return this;
    }

    /// <summary>Parameters and persistent buffers by full name, as detached tensors sharing storage (the caller disposes them).</summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, p) in named_parameters()) result[name] = p.detach();
        foreach (var (prefix, module) in named_modules())
            foreach (var n in module._bufferOrder)
                if (module._buffers[n].persistent) result[Join(prefix, n)] = module._buffers[n].tensor.detach();
        return result;
    }

    /// <summary>
    /// Copies the given tensors into the parameters and persistent buffers of the same names,
    /// converting dtype and device. With strict, any missing or unexpected name is an error.
    /// A shape that disagrees is always an error naming the tensor.
    /// </summary>
    public (IReadOnlyList<string> missing, IReadOnlyList<string> unexpected) load_state_dict(
        IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var targets = new Dictionary<string, Tensor>();
        foreach (var (name, p) in named_parameters()) targets[name] = p;
        foreach (var (prefix, module) in named_modules())
            foreach (var n in module._bufferOrder)
                if (module._buffers[n].persistent) targets[Join(prefix, n)] = module._buffers[n].tensor;

        var missing = targets.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new StateDictMismatchException(GetType().Name, missing, unexpected);

        using var noGrad = torch.no_grad();
        foreach (var (name, target) in targets)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            var want = target.shape;
            var have = source.shape;
            if (!want.SequenceEqual(have))
                throw new ArgumentException($"size mismatch for '{name}': the checkpoint has [{string.Join(", ", have)}], the model expects [{string.Join(", ", want)}]");
            target.copy_(source);
        }
        return (missing, unexpected);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var m in _modules.Values) m.Dispose();
        foreach (var p in _parameters.Values) p.Dispose();
        foreach (var b in _buffers.Values) b.tensor.Dispose();
        GC.SuppressFinalize(this);
    }
}
