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

    public void Reset()
    {
        lock (_gate) _state.Clear();
    }
}
