using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Training.Tests.Support;

/// <summary>Mean negative log-likelihood per completion token, as losses/sft.csx computes it.</summary>
public sealed class SftNllLoss : ILossFunction
{
    public string Name => "sft-nll";
    public DataKind Kind => DataKind.Sft;
    public bool NeedsReference => false;
    public IReadOnlyCollection<string> Inputs => ["Policy", "Lengths"];

    public LossResult Compute(LossInputs inputs) => new(-inputs.Policy! / inputs.Lengths!.clamp_min(1));
}

/// <summary>Another loss whose result turns NaN on the calls <see cref="Poisoned"/> picks (1-based), to force non-finite steps.</summary>
public sealed class PoisonedLoss(ILossFunction inner, Func<int, bool> poisoned) : ILossFunction
{
    private int _calls;
    public Func<int, bool> Poisoned { get; } = poisoned;
    public string Name => inner.Name + "+nan";
    public DataKind Kind => inner.Kind;
    public bool NeedsReference => inner.NeedsReference;
    public IReadOnlyCollection<string> Inputs => inner.Inputs;

    public LossResult Compute(LossInputs inputs)
    {
        var result = inner.Compute(inputs);
        return Poisoned(++_calls) ? new LossResult(result.Losses * double.NaN) : result;
    }
}
