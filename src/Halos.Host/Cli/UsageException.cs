namespace Halos.Host.Cli;

/// <summary>A command line that does not parse; the CLI prints it with the verb's usage and exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
