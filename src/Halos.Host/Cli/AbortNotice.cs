using Halos.Abstractions.Running;

namespace Halos.Host.Cli;

/// <summary>
/// What a second Ctrl+C says before the process exits without saving: that nothing is saved, and which checkpoint
/// is the latest. The run loop reports its newest checkpoint with its progress (<see cref="LatestCheckpointWatch"/>).
/// </summary>
public static class AbortNotice
{
    private static volatile string? _latestCheckpoint;

    public static string? LatestCheckpoint
    {
        get => _latestCheckpoint;
        set => _latestCheckpoint = value;
    }

    public static string Message() => LatestCheckpoint is { } checkpoint
        ? $"halos: second Ctrl+C: exiting now without saving (exit {ExitCodes.AbortedWithoutSaving}); the latest checkpoint is {checkpoint} " +
          $"(resume with --Training:ResumeFrom={checkpoint})"
        : $"halos: second Ctrl+C: exiting now without saving (exit {ExitCodes.AbortedWithoutSaving}); this run has saved no checkpoint";
}

/// <summary>Passes progress on, and keeps the newest checkpoint it names for <see cref="AbortNotice"/>.</summary>
public sealed class LatestCheckpointWatch(IProgress<TrainingProgress> inner) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.LatestCheckpoint is { } checkpoint) AbortNotice.LatestCheckpoint = checkpoint;
        inner.Report(value);
    }
}
