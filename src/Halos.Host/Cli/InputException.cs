namespace Halos.Host.Cli;

/// <summary>
/// A verb's input is missing or unreadable (a file or folder that does not exist, a malformed row): exit 2, nothing was
/// run, with the message naming the path and, where it can, the line. Unlike a <see cref="UsageException"/>, the
/// command line itself was fine, so no usage line follows.
/// </summary>
public sealed class InputException(string message, Exception? inner = null) : Exception(message, inner);
