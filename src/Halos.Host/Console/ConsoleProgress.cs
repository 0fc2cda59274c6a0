using Halos.Abstractions.Running;

namespace Halos.Host.Console;

/// <summary>
/// Shows the loop's progress: a live bar on a terminal (redrawn at most every <see cref="RedrawInterval"/>),
/// or, when standard error is not a terminal or with --quiet, a plain line every <see cref="PlainInterval"/>.
/// The first and the last report are always shown.
/// </summary>
public sealed class ConsoleProgress(ConsoleSurface surface, Func<DateTime>? clock = null) : IProgress<TrainingProgress>, IDisposable
{
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly Func<DateTime> _clock = clock ?? (() => DateTime.UtcNow);
    private DateTime _lastShown = DateTime.MinValue;
    private TrainingProgress? _last;
    private bool _lastWasShown;

    public TimeSpan PlainInterval { get; init; } = TimeSpan.FromSeconds(10);

    public void Report(TrainingProgress value)
    {
        _last = value;
        var now = _clock();
        var due = _lastShown == DateTime.MinValue || now - _lastShown >= (surface.Interactive ? RedrawInterval : PlainInterval);
        _lastWasShown = due;
        if (!due) return;
        _lastShown = now;
        Show(value);
    }

    public void Dispose()
    {
        if (_last is not null && !_lastWasShown) Show(_last);
        surface.EndStatus();
    }

    private void Show(TrainingProgress value)
    {
        if (surface.Interactive) surface.SetStatus(ProgressLine.Format(value, withBar: true));
        else surface.WriteLine(ProgressLine.Format(value, withBar: false));
    }
}
