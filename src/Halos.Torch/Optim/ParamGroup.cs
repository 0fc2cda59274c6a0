namespace Halos.Torch.Optim;

/// <summary>
/// Parameters that share a learning rate and weight decay, so that biases and norms can skip decay.
/// The schedule rescales <see cref="LearningRate"/> from <see cref="InitialLearningRate"/>.
/// </summary>
public sealed class ParamGroup
{
    public ParamGroup(IEnumerable<Tensor> parameters, double? learningRate = null, double? weightDecay = null, string? name = null)
    {
        Parameters = parameters.ToList();
        LearningRateOverride = learningRate;
        WeightDecayOverride = weightDecay;
        Name = name;
    }

    public IReadOnlyList<Tensor> Parameters { get; }
    public string? Name { get; }
    internal double? LearningRateOverride { get; }
    internal double? WeightDecayOverride { get; }

    public double LearningRate { get; set; }
    public double InitialLearningRate { get; internal set; }
    public double WeightDecay { get; set; }
}
