using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Layers;

/// <summary>
/// Gemma's RMSNorm: x / rms(x) · (1 + w), with w stored as an offset from 1 (zero-initialised, so a fresh norm is
/// the identity scale). The product is taken in float32 and then cast back, as transformers' Gemma2RMSNorm does;
/// Llama's norm instead casts before multiplying, which differs in half precision.
/// </summary>
public sealed class GemmaRmsNorm : Module<Tensor, Tensor>
{
    public GemmaRmsNorm(long dim, double eps)
    {
        Eps = eps;
        weight = RegisterParameter("weight", torch.zeros([dim], ModelConstruction.DType));
    }

    public double Eps { get; }
    public Tensor weight { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var wide = input.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var normed = F.rms_norm(input.to(wide), null, Eps);
        return scope.MoveToOuter((normed * (weight.to(wide) + 1.0)).to(input.dtype));
    }
}
