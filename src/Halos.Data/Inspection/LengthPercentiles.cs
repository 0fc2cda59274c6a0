namespace Halos.Data.Inspection;

/// <summary>Nearest-rank percentiles of token lengths (p50, p90, p95, p99, max).</summary>
public sealed record LengthPercentiles(int P50, int P90, int P95, int P99, int Max)
{
    public static LengthPercentiles Of(IReadOnlyCollection<int> lengths)
    {
        if (lengths.Count == 0) return new(0, 0, 0, 0, 0);
        var sorted = lengths.Order().ToArray();
        int At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        return new(At(50), At(90), At(95), At(99), sorted[^1]);
    }

    public override string ToString() => $"p50 {P50,6}  p90 {P90,6}  p95 {P95,6}  p99 {P99,6}  max {Max,6}";
}
