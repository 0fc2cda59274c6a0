namespace Halos.Host.Cli;

/// <summary>
/// What the CLI talks to: the standard streams, whether standard error is a terminal (live progress bar),
/// the environment (for HALOS__* overrides) and the working directory. The process passes the real ones;
/// tests pass their own, so the whole CLI runs in-process.
/// </summary>
public sealed record HostIO(
    TextReader In,
    TextWriter Out,
    TextWriter Error,
    bool ErrorIsTerminal,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory);
