namespace Halos.Training.Checkpoints;

/// <summary>One file (or group of files) of a checkpoint, written into the checkpoint's partial folder.</summary>
public sealed record CheckpointPart(string Name, Action<string> WriteInto);

/// <summary>
/// Saves checkpoints atomically (<see cref="AtomicFolder"/>) and then prunes old ones. Parts are written in
/// order; the trainer state goes last, so even a partial folder copied out by hand is recognisably unfinished.
/// </summary>
public sealed class CheckpointWriter(string outputDirectory, int keep)
{
    public string OutputDirectory { get; } = outputDirectory;

    /// <summary>Called after each part is written, with its name. Tests throw from it to simulate a crash mid-save.</summary>
    internal Action<string>? AfterPart { get; set; }

    /// <summary>Writes the checkpoint of <paramref name="step"/> and returns its folder.</summary>
    public string Save(long step, IReadOnlyList<CheckpointPart> parts)
    {
        var folder = AtomicFolder.Write(CheckpointLayout.FolderFor(OutputDirectory, step), partial =>
        {
            foreach (var part in parts)
            {
                part.WriteInto(partial);
                AfterPart?.Invoke(part.Name);
            }
        });
        CheckpointRetention.Prune(OutputDirectory, keep);
        return folder;
    }
}
