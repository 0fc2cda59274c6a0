using Halos.Abstractions.Losses;

namespace Halos.Losses.Scripting;

/// <summary>
/// Count-weighted running means that persist across the microbatches one loaded script sees
/// (BCO's reward shift δ is one). They belong to a <see cref="LossScript"/> instance.
/// </summary>
internal sealed class RunningMeans
{
    private readonly Dictionary<string, (double Mean, long Count)> _state = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public double Update(string name, double batchSum, long batchCount)
    {
        lock (_gate)
        {
            var (mean, count) = _state.GetValueOrDefault(name);
            var total = count + batchCount;
            var updated = total == 0 ? 0 : (mean * count + batchSum) / total;
            _state[name] = (updated, total);
            return updated;
        }
    }

    /// <summary>Every running mean, by name.</summary>
    public IReadOnlyDictionary<string, RunningMeanState> Snapshot()
    {
        lock (_gate) return _state.ToDictionary(e => e.Key, e => new RunningMeanState(e.Value.Mean, e.Value.Count), StringComparer.Ordinal);
    }

    /// <summary>Replaces every running mean with <paramref name="state"/>'s.</summary>
    public void Restore(IReadOnlyDictionary<string, RunningMeanState> state)
    {
        lock (_gate)
        {
            _state.Clear();
            foreach (var (name, s) in state) _state[name] = (s.Mean, s.Count);
        }
    }

    public void Reset()
    {
        lock (_gate) _state.Clear();
    }
}
