using Halos.Abstractions.Models;
using Halos.Abstractions.Plugins;
using Halos.Models.Plugin;

namespace Halos.Transformers;

/// <summary>
/// The model plugin "transformers" as the host discovers it (a plugin folder's entry assembly must hold the plugin
/// class): for each run it hands out a <see cref="TransformersModelBuilder"/> from the Halos.Models library.
/// </summary>
public sealed class TransformersPlugin : IModelPlugin, IConfigurablePlugin
{
    public string Name => "transformers";

    public string Description => "Hugging Face checkpoints: GPT-2, Llama/Mistral/Qwen2, GPT-NeoX (causal LMs and classifiers), BERT/ERNIE reward models";

    /// <summary><c>Model:Options</c>: <see cref="TransformersPluginOptions"/>, checked by the host at start-up.</summary>
    public Type OptionsType => typeof(TransformersPluginOptions);

    public IModelBuilder CreateModels(PluginContext context) => new TransformersModelBuilder();
}
