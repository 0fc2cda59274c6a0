namespace Halos.Training.Checkpoints;

/// <summary>Keeps the newest N checkpoints of a run (<c>Training:KeepCheckpoints</c>; 0 keeps all).</summary>
public static class CheckpointRetention
{
    /// <summary>Deletes the older checkpoints, returning the folders removed.</summary>
    public static IReadOnlyList<string> Prune(string outputDirectory, int keep)
    {
        if (keep <= 0) return [];
        var complete = CheckpointLayout.Complete(outputDirectory);
        var doomed = complete.Take(Math.Max(0, complete.Count - keep)).Select(c => c.Path).ToList();
        foreach (var folder in doomed) Directory.Delete(folder, recursive: true);
        return doomed;
    }
}
