using System.Runtime.CompilerServices;
using Halos.Models.Architectures;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Lora;

/// <summary>
/// A model with LoRA adapters attached to its projections. The base weights are frozen; only the adapters (and the
/// modules_to_save, trained in full) require gradients. The adapters live inside the model's own module tree, so
/// the optimiser, the dispose scopes and <c>to(device)</c> see them like any parameter, and
/// <see cref="Disabled"/> turns the very same module back into the base model: no second copy in memory.
/// </summary>
public sealed class LoraModel
{
    /// <summary>The name each adapter is registered under inside its projection (<c>q_proj.lora.lora_A.weight</c>).</summary>
    public const string AdapterName = "lora";

    private static readonly ConditionalWeakTable<TransformerModel, LoraModel> Attached = new();

    private LoraModel(TransformerModel model, LoraSettings settings, IReadOnlyList<(string, Projection)> adapted, IReadOnlyList<(string, Module)> savedInFull)
    {
        Model = model;
        Settings = settings;
        Adapted = adapted;
        SavedInFull = savedInFull;
    }

    public TransformerModel Model { get; }
    public LoraSettings Settings { get; }

    /// <summary>The adapted projections by full module name (<c>model.layers.0.self_attn.q_proj</c>).</summary>
    public IReadOnlyList<(string name, Projection projection)> Adapted { get; }

    /// <summary>The modules trained in full (PEFT's modules_to_save), by full module name.</summary>
    public IReadOnlyList<(string name, Module module)> SavedInFull { get; }

    /// <summary>
    /// Attaches adapters to <paramref name="model"/>'s targeted projections and freezes everything else.
    /// <paramref name="source"/> names where the settings came from, for errors.
    /// </summary>
    public static LoraModel Apply(TransformerModel model, LoraSettings settings, string source = "Model:Lora")
    {
        settings.Validated(source);
        if (Attached.TryGetValue(model, out _)) throw new InvalidOperationException($"{source}: the model already has LoRA adapters");
        var adapted = LoraTargets.Adapted(model, settings, source);
        var savedInFull = LoraTargets.SavedInFull(model, settings, source);
        model.requires_grad_(false);
        foreach (var (_, projection) in adapted)
        {
            var adapter = new LoraAdapter(projection, settings);
            adapter.train(model.training);
            projection.AttachAdapter(AdapterName, adapter);
        }
        var lora = new LoraModel(model, settings, adapted, savedInFull);
        foreach (var (_, p) in lora.TrainableParameters()) p.requires_grad_(true);
        Attached.Add(model, lora);
        return lora;
    }

    /// <summary>The LoRA state of <paramref name="module"/>, or null when it has no adapters.</summary>
    public static LoraModel? Of(Module module) => module is TransformerModel m && Attached.TryGetValue(m, out var lora) ? lora : null;

    public static LoraAdapter AdapterOf(Projection projection) => (LoraAdapter)projection.Adapter!;

    /// <summary>The adapters' and modules_to_save's parameters, by full name: what training updates.</summary>
    public IEnumerable<(string name, Tensor parameter)> TrainableParameters()
    {
        foreach (var (name, projection) in Adapted)
            foreach (var (n, p) in AdapterOf(projection).named_parameters())
                yield return ($"{name}.{AdapterName}.{n}", p);
        foreach (var (name, module) in SavedInFull)
            foreach (var (n, p) in module.named_parameters())
                yield return ($"{name}.{n}", p);
    }

    /// <summary>
    /// Switches every adapter off until disposed: the module then computes its base model exactly (the adapter's
    /// delta is skipped, not added as zero). Scopes nest; each restores what it found.
    /// </summary>
    public IDisposable Disabled()
    {
        var previous = Adapted.Select(a => a.projection.AdapterEnabled).ToArray();
        foreach (var (_, projection) in Adapted) projection.AdapterEnabled = false;
        return new Restore(() =>
        {
            for (var i = 0; i < Adapted.Count; i++) Adapted[i].projection.AdapterEnabled = previous[i];
        });
    }

    /// <summary>
    /// The state dict of the merged model, W + scaling·B·A in each adapted projection's weight and no adapter tensors:
    /// a plain Hugging Face checkpoint. The live model is unchanged. The caller disposes the tensors.
    /// </summary>
    public Dictionary<string, Tensor> MergedStateDict()
    {
        using var noGrad = torch.no_grad();
        var state = Model.state_dict();
        foreach (var (name, projection) in Adapted)
        {
            foreach (var key in state.Keys.Where(k => k.StartsWith($"{name}.{AdapterName}.", StringComparison.Ordinal)).ToList())
            {
                state[key].Dispose();
                state.Remove(key);
            }
            var weightKey = name + ".weight";
            using var scope = torch.NewDisposeScope();
            var merged = projection.weight.detach() + AdapterOf(projection).WeightDelta(projection);
            scope.MoveToOuter(merged);
            state[weightKey].Dispose();
            state[weightKey] = merged;
        }
        return state;
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        private Action? _restore = restore;

        public void Dispose()
        {
            _restore?.Invoke();
            _restore = null;
        }
    }
}
