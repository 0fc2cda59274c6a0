using Halos.Abstractions.Models;
using Halos.Torch.NN;
using Halos.Torch.Optim;
using Halos.Torch.SafeTensors;

namespace Halos.Training.Checkpoints;

/// <summary>A complete checkpoint a run continues from: its folder and trainer state, and how to put its weights and optimiser state back.</summary>
public sealed record ResumePoint(string Folder, TrainerState State)
{
    public static ResumePoint Open(string folder) =>
        new(folder, TrainerState.Load(Path.Combine(folder, CheckpointLayout.TrainerStateFile)));

    /// <summary>Copies the checkpoint's weights into <paramref name="trained"/>; every tensor must match by name and shape.</summary>
    public void RestoreWeights(Module trained)
    {
        var path = Path.Combine(Folder, PretrainedFolder.WeightsFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the checkpoint has no weights", path);
        using var file = SafeTensorsFile.Open(path);
        var tensors = file.LoadAll();
        try
        {
            trained.load_state_dict(tensors, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or StateDictMismatchException)
        {
            throw new InvalidOperationException($"{path}: the weights do not fit the model this run built ({e.Message}); resume with the Model settings the checkpoint was trained with", e);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    public void RestoreOptimizer(Optimizer optimizer) => OptimizerStateFile.Load(Path.Combine(Folder, CheckpointLayout.OptimizerFile), optimizer);
}
