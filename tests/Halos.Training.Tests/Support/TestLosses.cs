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

/// <summary>
/// SFT scaled by a running statistic, like BCO's δ: each step's loss is nll / (1 + the running mean of every nll seen so
/// far). A resumed run reproduces the straight one only if the checkpoint carries the running mean.
/// </summary>
public sealed class RunningMeanScaledLoss : ILossFunction
{
    private readonly SftNllLoss _nll = new();
    private double _mean;
    private long _count;

    public string Name => "sft-running-scaled";
    public DataKind Kind => DataKind.Sft;
    public bool NeedsReference => false;
    public IReadOnlyCollection<string> Inputs => _nll.Inputs;

    public IReadOnlyDictionary<string, RunningMeanState> State => new Dictionary<string, RunningMeanState> { ["nll"] = new(_mean, _count) };

    public void RestoreState(IReadOnlyDictionary<string, RunningMeanState> state) => (_mean, _count) = (state["nll"].Mean, state["nll"].Count);

    public LossResult Compute(LossInputs inputs)
    {
        var nll = _nll.Compute(inputs).Losses;
        var values = nll.detach().to(ScalarType.Float64);
        var n = values.numel();
        _mean = (_mean * _count + values.sum().item<double>()) / (_count + n);
        _count += n;
        return new LossResult(nll / (1 + _mean));
    }
}
