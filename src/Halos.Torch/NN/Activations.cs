namespace Halos.Torch.NN;

// Parameter-free activation layers, for Sequential models.

public sealed class ReLU : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => F.relu(input);
}

public sealed class GELU : Module<Tensor, Tensor>
{
    private readonly string _approximate;

    public GELU(string approximate = "none") => _approximate = approximate;

    public override Tensor forward(Tensor input) => F.gelu(input, _approximate);
}

public sealed class SiLU : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => F.silu(input);
}

public sealed class Tanh : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => F.tanh(input);
}
