using Halos.Torch;

namespace Halos.Losses.Scripting;

/// <summary>
/// Records the values a script passes through <c>stop_gradient</c> on one evaluation and replays
/// them on the next ones. A finite-difference check needs this: a detached term (KTO's reference
/// point, BCO's running mean) is a constant for autograd, so the differenced loss must hold it
/// constant too, or the two gradients disagree by design.
/// </summary>
internal sealed class StopGradientTape : IDisposable
{
    private readonly List<Tensor> _values = new();
    private int _next;

    public bool Replaying { get; private set; }

    public Tensor Pass(Tensor value)
    {
        if (!Replaying)
        {
            var kept = DisposeScope.Detach(value.detach().clone());
            _values.Add(kept);
            return value.detach();
        }
        if (_next >= _values.Count)
            throw new InvalidOperationException("the script called stop_gradient more times than on the recorded evaluation");
        return _values[_next++].clone();
    }

    /// <summary>Switches from recording to replaying, from the first recorded value.</summary>
    public void Rewind()
    {
        Replaying = true;
        _next = 0;
    }

    public void Dispose()
    {
        foreach (var t in _values) t.Dispose();
        _values.Clear();
    }
}
