using System.ComponentModel;
using Halos.Abstractions.Losses;

namespace Halos.Losses.Scripting;

/// <summary>
/// Bounds one call of a loss script. The compiler puts a call to <see cref="Turn"/> at the top of every loop
/// body and before every goto of a script (recursion is refused outright, see RecursionChecker), so a script
/// that never ends still reaches it, on the thread that runs it: there it stops with
/// <see cref="LossTimeoutException"/> once the call has run past its time limit, or with
/// <see cref="OperationCanceledException"/> once the host's interrupt (Ctrl+C) is signalled.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ScriptWatchdog
{
    [ThreadStatic] private static ScriptWatchdog? _current;

    private readonly string _script;
    private readonly TimeSpan _limit;
    private readonly long _deadline;
    private readonly CancellationToken _interrupt;

    private ScriptWatchdog(string script, TimeSpan limit, CancellationToken interrupt)
    {
        _script = script;
        _limit = limit;
        _deadline = limit == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)limit.TotalMilliseconds;
        _interrupt = interrupt;
    }

    /// <summary>Watches the calls on this thread until the returned scope is disposed.</summary>
    internal static Scope Watch(string script, TimeSpan limit, CancellationToken interrupt)
    {
        var previous = _current;
        _current = new ScriptWatchdog(script, limit, interrupt);
        return new Scope(previous);
    }

    /// <summary>A loop turn of the running script: stops it if its time is up or the host was interrupted.</summary>
    public static void Turn()
    {
        if (_current is not { } watchdog) return;
        watchdog._interrupt.ThrowIfCancellationRequested();
        if (Environment.TickCount64 > watchdog._deadline) throw new LossTimeoutException(watchdog._script, watchdog._limit);
    }

    internal readonly struct Scope(ScriptWatchdog? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
