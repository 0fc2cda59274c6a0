using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Halos.Host.Console;

/// <summary>
/// Writes ILogger records to the <see cref="ConsoleSurface"/> (standard error), synchronously so nothing is lost
/// when the process exits. JSON mode keeps the structured properties of the message template
/// (<c>{"level":"Warning","category":...,"message":...,"PluginPath":...}</c>).
/// </summary>
[ProviderAlias("Halos")]
public sealed class SurfaceLoggerProvider(ConsoleSurface surface, LogFormat format) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new SurfaceLogger(surface, format, categoryName);

    public void Dispose() { }

    private sealed class SurfaceLogger(ConsoleSurface surface, LogFormat format, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            surface.WriteLine(format == LogFormat.Json ? Json(logLevel, message, state, exception) : Plain(logLevel, message, exception));
        }

        private string Plain(LogLevel level, string message, Exception? exception)
        {
            var line = $"{Label(level)}: {ShortCategory()}: {message}";
            return exception is null ? line : $"{line}{Environment.NewLine}{exception}";
        }

        private string Json<TState>(LogLevel level, string message, TState state, Exception? exception)
        {
            var record = new Dictionary<string, object?>
            {
                ["time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["level"] = level.ToString(),
                ["category"] = category,
                ["message"] = message,
            };
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
                foreach (var (key, value) in properties)
                    record[key == "{OriginalFormat}" ? "template" : key] = value is IConvertible or null ? value : value.ToString();
            if (exception is not null) record["exception"] = exception.ToString();
            return JsonSerializer.Serialize(record);
        }

        private string ShortCategory() => category[(category.LastIndexOf('.') + 1)..];

        private static string Label(LogLevel level) => level switch
        {
            LogLevel.Trace => "trace",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warning",
            LogLevel.Error => "error",
            _ => "critical",
        };
    }
}
