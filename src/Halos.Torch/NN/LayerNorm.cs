namespace Halos.Torch.NN;

/// <summary>Normalises over the trailing dimensions, then scales and shifts (weight 1, bias 0 at init).</summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly long[] _shape;

    public LayerNorm(long normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true,
        ScalarType dtype = ScalarType.Float32, Device? device = null)
        : this([normalizedShape], eps, elementwiseAffine, bias, dtype, device) { }

    public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true,
        ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        _shape = normalizedShape;
        Eps = eps;
        if (!elementwiseAffine) return;
        weight = RegisterParameter("weight", torch.ones(normalizedShape, dtype, device));
        if (bias) this.bias = RegisterParameter("bias", torch.zeros(normalizedShape, dtype, device));
    }

    public double Eps { get; }
    public Tensor? weight { get; }
    public Tensor? bias { get; }

    public override Tensor forward(Tensor input) => F.layer_norm(input, _shape, weight, bias, Eps);
}
