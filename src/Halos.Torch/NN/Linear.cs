namespace Halos.Torch.NN;

/// <summary>y = x Wᵀ + b, with W of shape [out, in] as in PyTorch and Hugging Face checkpoints.</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long inFeatures, long outFeatures, bool bias = true, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        // PyTorch's default init: kaiming_uniform(a=√5) on the weight reduces to U(-1/√in, 1/√in), as for the bias.
        var bound = inFeatures > 0 ? 1.0 / Math.Sqrt(inFeatures) : 0;
        using var noGrad = torch.no_grad();
        weight = RegisterParameter("weight", torch.empty([outFeatures, inFeatures], dtype, device).uniform_(-bound, bound));
        if (bias) this.bias = RegisterParameter("bias", torch.empty([outFeatures], dtype, device).uniform_(-bound, bound));
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }
    public Tensor weight { get; }
    public Tensor? bias { get; }

    public override Tensor forward(Tensor input) => F.linear(input, weight, bias);
}
