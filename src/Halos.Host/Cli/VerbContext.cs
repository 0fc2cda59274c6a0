using Halos.Host.Console;
using Halos.Host.Hosting;

namespace Halos.Host.Cli;

/// <summary>What a verb runs with: its parsed options, the global options, the streams, and the session (configuration, plugins, logging) built on first use.</summary>
public sealed class VerbContext(HostIO io, ConsoleSurface surface, GlobalOptions globals, ParsedCommandLine line,
    CancellationToken cancellation, Func<HalosSession> openSession) : IDisposable
{
    private HalosSession? _session;

    public HostIO IO { get; } = io;

    /// <summary>Standard error as logs and progress share it.</summary>
    public ConsoleSurface Surface { get; } = surface;
    public GlobalOptions Globals { get; } = globals;
    /// <summary>The positional arguments, in order.</summary>
    public IReadOnlyList<string> Arguments { get; } = line.Arguments;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The folder holding appsettings.json and profiles/.</summary>
    public string Root => Path.GetFullPath(Globals.Root ?? ".", IO.WorkingDirectory);

    /// <summary>Loads and validates the configuration and discovers plugins; errors surface as ConfigurationException.</summary>
    public HalosSession Session => _session ??= openSession();

    public bool HasSession => _session is not null;

    public string? Option(string name) => line.Options.GetValueOrDefault(name);

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> Options(string name) => line.Repeated.GetValueOrDefault(name) ?? [];

    public bool Flag(string name) => line.Options.ContainsKey(name);

    /// <summary>A whole-number option, at least <paramref name="minimum"/>.</summary>
    public int IntOption(string name, int fallback, int minimum = 1)
    {
        if (Option(name) is not { } text) return fallback;
        return int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= minimum
            ? n
            : throw new UsageException($"{name} expects a whole number of at least {minimum}, got '{text}'");
    }

    /// <summary>A path option resolved against the working folder, or null when it was not given.</summary>
    public string? PathOption(string name) => Option(name) is { } path ? Path.GetFullPath(path, IO.WorkingDirectory) : null;

    public long? LongOption(string name)
    {
        if (Option(name) is not { } text) return null;
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"{name}: '{text}' is not a whole number");
    }

    public void Dispose() => _session?.Dispose();
}
