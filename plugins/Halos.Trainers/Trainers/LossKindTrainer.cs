using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Abstractions.Plugins;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Trainer "auto": hands each call to the built-in trainer of the loss's declared data kind, so a profile names only
/// the loss (<c>Loss:Script=kto</c> trains with "unpaired"). A profile that sets <c>Training:Trainer</c> to a specific
/// trainer overrides the choice.
/// </summary>
public sealed class LossKindTrainer : ITrainerPlugin
{
    private static readonly StandardTrainer[] Trainers =
        [new SftTrainer(), new PairedPreferenceTrainer(), new UnpairedTrainer(), new RewardModelTrainer(), new GroupedTrainer()];

    public string Name => "auto";

    public string Description => "Picks the built-in trainer by the loss's data kind (sft, paired, unpaired, reward, grouped)";

    public IReadOnlyCollection<DataKind> Kinds => Trainers.SelectMany(t => t.Kinds).ToList();

    /// <summary>The built-in trainer plugin for <paramref name="kind"/>.</summary>
    public static StandardTrainer For(DataKind kind) =>
        Trainers.FirstOrDefault(t => t.Kinds.Contains(kind))
        ?? throw new NotSupportedException($"no built-in trainer handles {kind.ToString().ToLowerInvariant()} data");

    public ITrainer CreateTrainer(PluginContext context) => new Run(context);

    /// <summary>One run's trainers, one per data kind the run meets, each created on first use with the run's context.</summary>
    private sealed class Run(PluginContext context) : ITrainer
    {
        private readonly Dictionary<DataKind, ITrainer> _byKind = [];

        private ITrainer For(DataKind kind)
        {
            if (!_byKind.TryGetValue(kind, out var trainer))
                _byKind[kind] = trainer = LossKindTrainer.For(kind).CreateTrainer(context);
            return trainer;
        }

        public Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options) =>
            For(kind).Collate(examples, kind, tokenizer, options);

        public LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss) =>
            For(batch.Kind).ComputeLossInputs(batch, modules, loss);

        public IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result) =>
            For(batch.Kind).EvaluationMetrics(batch, inputs, result);

        public void Prepare(TrainerPreparation preparation) => For(preparation.Loss.Kind).Prepare(preparation);
    }
}
