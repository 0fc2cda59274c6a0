using System.Diagnostics;

namespace Halos.Bench;

internal static class Timing
{
    /// <summary>Median wall time of n runs, in seconds, as the peer scripts measure it.</summary>
    public static double Median(Action action, int n)
    {
        var xs = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            xs[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(xs);
        return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
    }
}
