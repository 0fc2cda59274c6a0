using System.Globalization;

namespace Halos.Torch.Profiling;

/// <summary>One event name's totals within one scope (the innermost enclosing "halos::" range, "" outside all).</summary>
public sealed record OpEvent(string Scope, string Name, long Calls, TimeSpan Self, TimeSpan Total, double Flops);

/// <summary>A recording's totals; <see cref="InsideLibtorch"/> is the time of the outermost events, nothing counted twice.</summary>
public sealed record OpProfile(IReadOnlyList<OpEvent> Events, TimeSpan InsideLibtorch)
{
    internal static OpProfile Parse(string text)
    {
        var events = new List<OpEvent>();
        var inside = TimeSpan.Zero;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f.Length != 6) throw new FormatException($"op profiler report line '{line}': expected 6 tab-separated fields");
            long L(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
            if (f[0] == "" && f[1] == "(top level)")
            {
                inside = Nanoseconds(L(4));
                continue;
            }
            events.Add(new OpEvent(f[0], f[1], L(2), Nanoseconds(L(3)), Nanoseconds(L(4)), L(5)));
        }
        return new OpProfile(events, inside);
    }

    private static TimeSpan Nanoseconds(long ns) => TimeSpan.FromTicks(ns / 100);
}
