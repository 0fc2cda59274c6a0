namespace Halos.Torch.NN;

/// <summary>Applies its children in order, each temporary freed as soon as the next layer has consumed it.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = new();

    public Sequential(params Module<Tensor, Tensor>[] layers)
    {
        foreach (var layer in layers) _layers.Add(RegisterModule(_layers.Count.ToString(), layer));
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            var next = layer.forward(x);
            // Intermediate activations stay referenced by the autograd graph, so freeing the
            // managed handle early is safe and keeps handle counts low.
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, next)) x.Dispose();
            x = next;
        }
        return x;
    }
}
