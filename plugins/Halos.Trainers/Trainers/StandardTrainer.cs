using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Trainers.Collation;
using Halos.Trainers.Reference;
using Halos.Abstractions.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Halos.Trainers.Trainers;

/// <summary>
/// What the built-in trainers share: collation through Halos.Data (chat template, prompt masks, padding), and the
/// reference strategy of the run (<c>Training:LoopOptions:Reference</c>). Each subclass is one data kind's forward. The
/// registered instance is only the factory: <see cref="CreateTrainer"/> makes a fresh one per run, which holds that
/// run's precomputed reference and logger.
/// </summary>
public abstract class StandardTrainer : ITrainerPlugin, ITrainer
{
    /// <summary>The run's logger (the host's, under this trainer's name).</summary>
    protected ILogger Log { get; private set; } = NullLogger.Instance;

    private IReferenceLogProbs? _precomputed;

    public abstract string Name { get; }

    public abstract IReadOnlyCollection<DataKind> Kinds { get; }

    public virtual string Description => "";

    /// <summary>A new trainer of this kind, with no run state.</summary>
    protected abstract StandardTrainer Fresh();

    public ITrainer CreateTrainer(PluginContext context)
    {
        var trainer = Fresh();
        trainer.Log = context.Logger;
        return trainer;
    }

    public virtual Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options) =>
        ExampleCollation.Collate(examples, kind, tokenizer, options);

    public abstract LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss);

    public virtual IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result) => NoMetrics;

    protected static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    public virtual void Prepare(TrainerPreparation preparation)
    {
        if (!preparation.Loss.NeedsReference || preparation.PrecomputeReferenceIn is null) return;
        var modules = preparation.Modules;
        _precomputed = ReferencePrecomputation.Prepare(preparation,
            examples => Collate(examples, preparation.Loss.Kind, modules.Tokenizer, preparation.Collate),
            message => Log.LogInformation("{Note}", message));
    }

    /// <summary>The reference of this run: the one precomputed in <see cref="Prepare"/>, or else the live one.</summary>
    public IReferenceLogProbs ReferenceFor(TrainingModules modules, ILossFunction loss) => _precomputed ?? LiveReference.For(modules, loss);

    /// <summary>The reference log-probs of a batch's rows, from the run's reference strategy.</summary>
    protected Forward.CompletionLogProbs ReferenceLogProbs(Batch batch, TrainingModules modules, ILossFunction loss, string prefix = "") =>
        ReferenceFor(modules, loss).LogProbs(batch, prefix);
}
