namespace Halos.Torch.Optim;

/// <summary>
/// An optimiser's saved state: tensors by key (e.g. "3.exp_avg") and scalars by key (e.g.
/// "3.step", "group.0.lr"). Both map directly onto a safetensors file: tensors as entries,
/// scalars in its string metadata.
/// </summary>
public sealed record OptimizerState(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Scalars)
{
    public string Kind => Scalars.TryGetValue("optimizer", out var k) ? k : "unknown";
}
