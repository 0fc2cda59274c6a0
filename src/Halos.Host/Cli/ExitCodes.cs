namespace Halos.Host.Cli;

/// <summary>The process exit codes of every verb.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed while running: bad data, a plugin error, an I/O error.</summary>
    public const int RuntimeFailure = 1;

    /// <summary>The command line or the configuration is wrong; nothing ran.</summary>
    public const int UsageError = 2;

    /// <summary>Ctrl+C stopped a run after it saved a checkpoint (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// A second Ctrl+C ended the process at once, without saving a checkpoint; the message names the latest
    /// checkpoint the run had saved (or resumed from), which is where <c>--resume</c> continues.
    /// </summary>
    public const int AbortedWithoutSaving = 3;
}
