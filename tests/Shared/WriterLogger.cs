using Microsoft.Extensions.Logging;

namespace Halos.Tests.Shared;

/// <summary>
/// An <see cref="ILogger"/> that writes plain lines to text writers, so a test reads what a plugin logged: warnings
/// (and worse) as "halos: warning: ..." to <c>warnings</c>, information as "halos: ..." to <c>notes</c>.
/// </summary>
public sealed class WriterLogger(TextWriter warnings, TextWriter? notes = null) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var message = formatter(state, exception);
        var writer = logLevel >= LogLevel.Warning ? warnings : notes ?? warnings;
        lock (writer) writer.WriteLine(logLevel >= LogLevel.Warning ? $"halos: warning: {message}" : $"halos: {message}");
    }
}
