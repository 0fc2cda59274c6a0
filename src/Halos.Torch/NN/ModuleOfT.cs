namespace Halos.Torch.NN;

/// <summary>A module with one forward signature. Call it like a function: <c>layer.call(x)</c>.</summary>
public abstract class Module<TIn, TOut> : Module
{
    public abstract TOut forward(TIn input);

    public TOut call(TIn input) => forward(input);
}
