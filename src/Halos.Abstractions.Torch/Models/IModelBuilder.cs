using Halos.Torch.NN;

namespace Halos.Abstractions.Models;

/// <summary>
/// A model plugin's working object for one run (<see cref="IModelPlugin.CreateModels"/>): builds the run's modules from a
/// <see cref="ModelSpec"/>, and its tokenizer. Policy and reference modules implement <see cref="ICausalLanguageModel"/>;
/// reward modules implement <see cref="ISequenceScorer"/>. The caller owns (and disposes) what is returned.
/// </summary>
public interface IModelBuilder
{
    /// <summary>
    /// Builds the module for <paramref name="role"/> on <see cref="ModelSpec.Device"/> in
    /// <see cref="ModelSpec.DType"/>. A <see cref="ModelRole.Reference"/> module comes back in eval mode
    /// with gradients off. Bad specs (unknown architecture, missing files) throw
    /// <see cref="ModelSpecException"/> naming the file or option.
    /// </summary>
    Module Build(ModelSpec spec, ModelRole role);

    /// <summary>The tokenizer that belongs with the spec (from the checkpoint's tokenizer files, or the architecture's).</summary>
    ITokenizer LoadTokenizer(ModelSpec spec);

    /// <summary>
    /// Writes <paramref name="module"/> (built by this builder from <paramref name="spec"/>) as a folder
    /// transformers' <c>from_pretrained</c> loads: <c>model.safetensors</c>, <c>config.json</c> and the tokenizer
    /// files. The training loop calls it for every checkpoint and for the final model. <see cref="PretrainedFolder.Write"/>
    /// does this for a module built from a checkpoint folder; a builder that makes architectures from scratch writes its
    /// own <c>config.json</c>.
    /// </summary>
    void SavePretrained(Module module, ModelSpec spec, string directory);
}
