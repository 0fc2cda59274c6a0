using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;

namespace Halos.Abstractions.Training;

/// <summary>
/// A trainer's working object for one run (<see cref="ITrainerPlugin.CreateTrainer"/>): the forward half of a training
/// step. It collates examples into a <see cref="Batch"/> (template, tokenize, mask), runs the modules, and returns the
/// <see cref="LossInputs"/> the loss reads. The shared loop does the rest (loss, backward, accumulation, clipping,
/// optimiser, checkpoints). State that lasts the run (a precomputed reference) lives here.
/// </summary>
public interface ITrainer
{
    /// <summary>Builds the tensors for <paramref name="examples"/> (all of the shape <see cref="Example.ShapeOf"/>(<paramref name="kind"/>)).</summary>
    Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options);

    /// <summary>
    /// Runs the forward passes <paramref name="loss"/> needs (its <see cref="ILossFunction.Inputs"/>, the
    /// reference only when <see cref="ILossFunction.NeedsReference"/>) and fills those fields. Reference
    /// passes run without gradients. Tensors are created in the caller's dispose scope.
    /// </summary>
    LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss);

    /// <summary>
    /// Scalar evaluation metrics for a batch already run through <paramref name="loss"/> (e.g.
    /// rewards/accuracy, rewards/margin, logps/chosen), named as TRL names them.
    /// </summary>
    IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result);

    /// <summary>
    /// Called once by the loop before the first batch (see <see cref="TrainerPreparation"/>), for work that spans the
    /// dataset (a precomputed reference pass). The default does nothing.
    /// </summary>
    void Prepare(TrainerPreparation preparation) { }
}
