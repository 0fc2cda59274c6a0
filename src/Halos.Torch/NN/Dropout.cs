namespace Halos.Torch.NN;

/// <summary>Dropout that is active in training mode only.</summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    public Dropout(double p = 0.5)
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability must be in [0, 1], got {p}");
        P = p;
    }

    public double P { get; }

    public override Tensor forward(Tensor input) => F.dropout(input, P, training && P > 0);
}
