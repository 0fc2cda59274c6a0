using Halos.Torch;
using Halos.Torch.Optim;
using Halos.Torch.SafeTensors;

namespace Halos.Training.Checkpoints;

/// <summary>
/// The optimiser's state as one safetensors file: the moment tensors as entries, and the step counts and
/// group settings (learning rate, initial rate, weight decay) as string metadata. No pickle, so it loads
/// without trusting the file.
/// </summary>
public static class OptimizerStateFile
{
    public static void Save(string path, Optimizer optimizer)
    {
        var state = optimizer.state_dict();
        try
        {
            SafeTensorsWriter.Save(path, state.Tensors, state.Scalars);
        }
        finally
        {
            foreach (var t in state.Tensors.Values) t.Dispose();
        }
    }

    public static void Load(string path, Optimizer optimizer)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the checkpoint has no optimizer state; it cannot be resumed exactly", path);
        using var file = SafeTensorsFile.Open(path);
        var tensors = file.LoadAll();
        try
        {
            optimizer.load_state_dict(new OptimizerState(tensors, file.Metadata));
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{path}: {e.Message}; was the checkpoint written for another model or Training:WeightDecay grouping?", e);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
