using System.Globalization;
using System.Text;
using Halos.Abstractions.Running;

namespace Halos.Host.Console;

/// <summary>
/// Renders a <see cref="TrainingProgress"/> as one line:
/// <c>train [######------]  120/1000  12% ETA 03:21 | 34.2 ex/s | 8.1k tok/s | loss 0.6931 | acc 52.0%</c>.
/// The bar is for terminals; plain mode drops it and keeps the numbers.
/// </summary>
public static class ProgressLine
{
    public const int BarWidth = 24;

    public static string Format(TrainingProgress p, bool withBar)
    {
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(p.Phase);
        var fraction = p.TotalSteps > 0 ? Math.Clamp((double)p.Step / p.TotalSteps, 0, 1) : 0;
        if (withBar)
        {
            var filled = (int)Math.Round(fraction * BarWidth);
            sb.Append(" [").Append('#', filled).Append('-', BarWidth - filled).Append(']');
        }
        sb.Append(ic, $" {p.Step}/{(p.TotalSteps > 0 ? p.TotalSteps.ToString(ic) : "?")}");
        if (p.TotalSteps > 0) sb.Append(ic, $" {fraction * 100:0}%");
        if (Eta(p) is { } eta) sb.Append(" ETA ").Append(Duration(eta));
        var seconds = p.Elapsed.TotalSeconds;
        if (seconds > 0)
        {
            sb.Append(" | ").Append(Rate(p.Examples / seconds)).Append(" ex/s");
            sb.Append(" | ").Append(Rate(p.Tokens / seconds)).Append(" tok/s");
        }
        if (p.Loss is { } loss) sb.Append(ic, $" | loss {loss:0.0000}");
        if (p.RewardAccuracy is { } acc) sb.Append(ic, $" | acc {acc * 100:0.0}%");
        return sb.ToString();
    }

    /// <summary>Remaining time at the average pace so far: elapsed × (total − step) / step.</summary>
    public static TimeSpan? Eta(TrainingProgress p)
    {
        if (p.Step <= 0 || p.TotalSteps <= 0 || p.Elapsed <= TimeSpan.Zero) return null;
        var remaining = Math.Max(0, p.TotalSteps - p.Step);
        return TimeSpan.FromTicks((long)(p.Elapsed.Ticks * (double)remaining / p.Step));
    }

    /// <summary>mm:ss under an hour, h:mm:ss above.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes:00}:{t.Seconds:00}");

    /// <summary>Three significant figures with k/M suffixes: 34.2, 812, 8.12k, 1.50M.</summary>
    public static string Rate(double perSecond)
    {
        var ic = CultureInfo.InvariantCulture;
        return perSecond switch
        {
            >= 1e6 => (perSecond / 1e6).ToString("0.00", ic) + "M",
            >= 1e4 => (perSecond / 1e3).ToString("0.0", ic) + "k",
            >= 1e3 => (perSecond / 1e3).ToString("0.00", ic) + "k",
            >= 100 => perSecond.ToString("0", ic),
            _ => perSecond.ToString("0.0", ic),
        };
    }
}
