using System.Globalization;
using System.Text.RegularExpressions;

namespace Halos.Training.Checkpoints;

/// <summary>
/// Where a run keeps its checkpoints: <c>&lt;Training:OutputDir&gt;/checkpoint-&lt;step&gt;/</c>, each with the model
/// (<c>model.safetensors</c>, <c>config.json</c>, tokenizer files), <c>optimizer.safetensors</c>,
/// <c>trainer_state.json</c> and <c>run_config.json</c>; and the final model in <c>&lt;OutputDir&gt;/final/</c>.
/// A checkpoint folder exists only once it is complete (see <see cref="AtomicFolder"/>).
/// </summary>
public static partial class CheckpointLayout
{
    public const string FolderPrefix = "checkpoint-";
    public const string FinalFolder = "final";
    public const string TrainerStateFile = "trainer_state.json";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string RunConfigurationFile = "run_config.json";

    public static string FolderFor(string outputDirectory, long step) =>
        Path.Combine(outputDirectory, FolderPrefix + step.ToString(CultureInfo.InvariantCulture));

    /// <summary>The complete checkpoints under <paramref name="outputDirectory"/>, oldest first.</summary>
    public static IReadOnlyList<(long Step, string Path)> Complete(string outputDirectory)
    {
        if (!Directory.Exists(outputDirectory)) return [];
        var found = new List<(long, string)>();
        foreach (var folder in Directory.EnumerateDirectories(outputDirectory, FolderPrefix + "*"))
        {
            var match = StepPattern().Match(Path.GetFileName(folder));
            if (match.Success && IsCheckpoint(folder) && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
                found.Add((step, folder));
        }
        return found.OrderBy(c => c.Item1).ToList();
    }

    public static string? Newest(string outputDirectory) => Complete(outputDirectory) is { Count: > 0 } all ? all[^1].Path : null;

    public static bool IsCheckpoint(string folder) => File.Exists(Path.Combine(folder, TrainerStateFile));

    /// <summary>
    /// The checkpoint <c>Training:ResumeFrom</c> means: the folder itself when it is a checkpoint, otherwise the
    /// newest complete checkpoint in it (a run folder). Throws naming the folder when it is neither.
    /// </summary>
    public static string ResolveResume(string path, string setting)
    {
        if (IsCheckpoint(path)) return path;
        if (!Directory.Exists(path))
            throw new InvalidOperationException($"{setting}: '{path}' does not exist; expected a checkpoint folder (with {TrainerStateFile}) or a run folder holding {FolderPrefix}N folders");
        return Newest(path) ?? throw new InvalidOperationException(
            $"{setting}: '{path}' holds no complete checkpoint; expected {FolderPrefix}N folders with {TrainerStateFile} (a folder without it was never finished)");
    }

    [GeneratedRegex(@"^checkpoint-(\d+)$")]
    private static partial Regex StepPattern();
}
