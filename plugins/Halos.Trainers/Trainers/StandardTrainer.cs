using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Trainers.Collation;
using Halos.Trainers.Reference;

namespace Halos.Trainers.Trainers;

/// <summary>
/// What the built-in trainers share: collation through Halos.Data (chat template, prompt masks, padding), and the
/// reference strategy chosen before training (<c>Training:Reference</c>). Each subclass is one data kind's forward.
/// </summary>
public abstract class StandardTrainer : ITrainerPlugin
{
    public abstract string Name { get; }

    public abstract IReadOnlyCollection<DataKind> Kinds { get; }

    public virtual string Description => "";

    public virtual Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options) =>
        ExampleCollation.Collate(examples, kind, tokenizer, options);

    public abstract LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss);

    public virtual IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result) => NoMetrics;

    protected static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    /// <summary>Where a run's notes go (reference cache reused or written).</summary>
    public TextWriter Log { get; init; } = Console.Error;

    public virtual void Prepare(TrainerPreparation preparation)
    {
        if (!preparation.Loss.NeedsReference || preparation.Training.Reference != "precomputed") return;
        var modules = preparation.Modules;
        var source = ReferencePrecomputation.Prepare(preparation,
            examples => Collate(examples, preparation.Loss.Kind, modules.Tokenizer, preparation.Collate),
            message => Log.WriteLine($"halos: {message}"));
        ReferenceSources.Register(modules, source);
    }

    /// <summary>The reference log-probs of a batch's rows, from the run's reference strategy.</summary>
    protected static Forward.CompletionLogProbs ReferenceLogProbs(Batch batch, TrainingModules modules, ILossFunction loss, string prefix = "") =>
        ReferenceSources.For(modules, loss).LogProbs(batch, prefix);
}
