using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Torch.NN;
using Halos.Training.Loop;

namespace Halos.Training.Setup;

/// <summary>
/// What every run mode starts from: the compiled loss, the trainer that serves its data kind, and the modules
/// built by the model plugin (the trained module, the frozen reference when the loss needs one, a frozen reward
/// model when <c>Model:RewardCheckpoint</c> names one). Owns the modules.
/// </summary>
public sealed class RunComponents : IDisposable
{
    private RunComponents(ILossFunction loss, ITrainer trainer, IModelBuilder models, ModelSpec spec, TrainingModules modules)
    {
        Loss = loss;
        Trainer = trainer;
        Models = models;
        Spec = spec;
        Modules = modules;
    }

    public ILossFunction Loss { get; }
    public ITrainer Trainer { get; }

    /// <summary>The trainer's registration name, for messages.</summary>
    public string TrainerName { get; private init; } = "";
    public IModelBuilder Models { get; }

    /// <summary>The spec the trained module was built from (and is saved with).</summary>
    public ModelSpec Spec { get; }

    public TrainingModules Modules { get; }
    public DataKind Kind => Loss.Kind;
    public Module Trained => Modules.Policy;

    /// <param name="loop">The loop's settings: whether a reference model is built (<c>Training:LoopOptions:Reference</c>).</param>
    /// <param name="onDevice">Where the modules live; by default <c>Model:Device</c> (a data-parallel rank passes its own GPU).</param>
    public static RunComponents Build(RunPlan plan, StandardLoopOptions loop, Device? onDevice = null)
    {
        // The host has checked that the trainer handles the loss's data kind (it compiles the loss while planning).
        var loss = plan.LoadLoss?.Invoke()
                   ?? throw new InvalidOperationException("Loss:Script is not set; set the loss script (e.g. dpo for losses/dpo.csx) or Loss:Combine");

        var device = onDevice ?? Device.Parse(plan.Model.Device);
        var spec = PlanModelSpec.Of(plan, device) with
        {
            Lora = ReferenceModelChoice.HasLora(plan) ? plan.Model.Lora : null,
        };

        var built = new List<Module>();
        try
        {
            var trained = Build(built, plan, spec, TrainedModelRole.For(loss.Kind));
            Module? reference = null, reward = null;
            // A LoRA run's reference is the policy with its adapters off: no second model (ReferenceModelChoice).
            if (loss.NeedsReference && !ReferenceModelChoice.IsLoraBase(plan, loop))
            {
                var referenceSpec = plan.Model.ReferenceCheckpoint is { Length: > 0 } r ? spec with { Checkpoint = Resolve(plan, r), Lora = null } : spec with { Lora = null };
                reference = Build(built, plan, referenceSpec, ModelRole.Reference);
            }
            if (plan.Model.RewardCheckpoint is { Length: > 0 } rewardCheckpoint && TrainedModelRole.For(loss.Kind) != ModelRole.Reward)
                reward = Build(built, plan, spec with { Checkpoint = Resolve(plan, rewardCheckpoint), Lora = null }, ModelRole.Reward);
            var tokenizer = Halos.Data.Tokenization.ChatTemplateChoice.Apply(plan.Models.LoadTokenizer(spec), plan.Data.ChatTemplate, plan.ConfigurationRoot);
            return new RunComponents(loss, plan.Trainer, plan.Models, spec, new TrainingModules(trained, reference, reward, tokenizer, device))
                { TrainerName = plan.Training.Trainer ?? "" };
        }
        catch
        {
            foreach (var m in built) m.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds one module from freshly seeded generators. Fresh weights (a from-scratch architecture, a new score
    /// head) then depend on the run seed alone, and a reference built from the same spec starts identical to
    /// the policy, as a reference must.
    /// </summary>
    private static Module Build(List<Module> built, RunPlan plan, ModelSpec spec, ModelRole role)
    {
        torch.manual_seed(StepSeed.ForInitialization(plan.Training.Seed));
        var module = plan.Models.Build(spec, role);
        built.Add(module);
        return module;
    }

    private static string? Resolve(RunPlan plan, string? path) => string.IsNullOrWhiteSpace(path) ? null : plan.ResolvePath(path);

    public void Dispose()
    {
        Modules.Policy.Dispose();
        Modules.Reference?.Dispose();
        Modules.Reward?.Dispose();
    }
}
