using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// Computes a delta added to a projection's output: the hook LoRA adapters attach through.
/// </summary>
public interface IProjectionAdapter
{
    Tensor Delta(Tensor input);
}
