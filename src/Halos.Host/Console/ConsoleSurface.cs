namespace Halos.Host.Console;

/// <summary>
/// The error stream shared by log lines and the progress bar. On a terminal the bar is a status line
/// redrawn in place; a log line first erases it and then redraws it below, so the two never interleave.
/// Off a terminal there is no status line: progress is written as ordinary lines.
/// </summary>
public sealed class ConsoleSurface(TextWriter writer, bool interactive)
{
    private const string EraseLine = "\r\u001b[2K";
    private readonly object _lock = new();
    private string? _status;

    public bool Interactive { get; } = interactive;

    public void WriteLine(string line)
    {
        lock (_lock)
        {
            if (Interactive && _status is not null) writer.Write(EraseLine);
            writer.WriteLine(line);
            if (Interactive && _status is not null) writer.Write(_status);
            writer.Flush();
        }
    }

    /// <summary>Replaces the status line (terminal only).</summary>
    public void SetStatus(string status)
    {
        if (!Interactive) return;
        lock (_lock)
        {
            _status = status;
            writer.Write(EraseLine + status);
            writer.Flush();
        }
    }

    /// <summary>Ends the status line, leaving its last text on screen.</summary>
    public void EndStatus()
    {
        lock (_lock)
        {
            if (!Interactive || _status is null) return;
            writer.WriteLine();
            writer.Flush();
            _status = null;
        }
    }
}
