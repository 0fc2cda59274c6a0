using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Layers;

/// <summary>
/// A learned affine map y = x Wᵀ + b with Hugging Face's parameter names (<c>weight</c>,
/// <c>bias</c>), used for every attention and MLP projection so that adapters can wrap them by
/// module name (<c>model.layers.3.self_attn.q_proj</c>) without replacing modules.
/// GPT-2's Conv1D stores W as [in, out]; <see cref="FanInFanOut"/> (PEFT's name for that
/// layout) keeps the checkpoint's shape so save and load need no transposes.
/// </summary>
public sealed class Projection : Module<Tensor, Tensor>
{
    private IProjectionAdapter? _adapter;

    public Projection(long inFeatures, long outFeatures, bool bias = true, bool fanInFanOut = false)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        FanInFanOut = fanInFanOut;
        var bound = 1.0 / Math.Sqrt(inFeatures);
        using var noGrad = torch.no_grad();
        long[] shape = fanInFanOut ? [inFeatures, outFeatures] : [outFeatures, inFeatures];
        var w = torch.empty(shape, ModelConstruction.DType);
        // PyTorch's nn.Linear default, U(-1/√in, 1/√in); skipped when a checkpoint will overwrite it.
        if (!ModelConstruction.SkipInitialization) w.uniform_(-bound, bound);
        weight = RegisterParameter("weight", w);
        if (bias) this.bias = RegisterParameter("bias", torch.zeros([outFeatures], ModelConstruction.DType));
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }
    public bool FanInFanOut { get; }
    public Tensor weight { get; }
    public Tensor? bias { get; }

    /// <summary>Adapters are skipped while this is false: the same module then computes the base model.</summary>
    public bool AdapterEnabled { get; set; } = true;

    public IProjectionAdapter? Adapter => _adapter;

    /// <summary>Registers an adapter module under <paramref name="name"/> (its parameters become
    /// <c>...q_proj.{name}.*</c>) and adds its delta to every later forward.</summary>
    public void AttachAdapter<TAdapter>(string name, TAdapter adapter) where TAdapter : Module, IProjectionAdapter
    {
        if (_adapter is not null) throw new InvalidOperationException("this projection already has an adapter");
        _adapter = RegisterModule(name, adapter);
    }

    public override Tensor forward(Tensor input)
    {
        Tensor y;
        if (FanInFanOut)
        {
            using var w = weight.t();
            y = F.linear(input, w, bias);
        }
        else
        {
            y = F.linear(input, weight, bias);
        }
        if (_adapter is null || !AdapterEnabled) return y;
        var delta = _adapter.Delta(input);
        var sum = y + delta;
        y.Dispose();
        delta.Dispose();
        return sum;
    }
}
