namespace Halos.Torch.NN;

/// <summary>Root-mean-square norm (Zhang & Sennrich 2019), as Llama's: no mean subtraction, no bias.</summary>
public sealed class RMSNorm : Module<Tensor, Tensor>
{
    public RMSNorm(long dim, double eps = 1e-6, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        Eps = eps;
        weight = RegisterParameter("weight", torch.ones([dim], dtype, device));
    }

    public double Eps { get; }
    public Tensor weight { get; }

    public override Tensor forward(Tensor input) => F.rms_norm(input, weight, Eps);
}
