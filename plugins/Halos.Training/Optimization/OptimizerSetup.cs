using Halos.Abstractions.Options;
using Halos.Torch.NN;
using Halos.Torch.Optim;

namespace Halos.Training.Optimization;

/// <summary>The optimiser and learning-rate schedule a run trains with, built from the <c>Training</c> options.</summary>
public static class OptimizerSetup
{
    public static AdamW CreateOptimizer(Module trained, TrainingOptions options) =>
        new(DecayGroups.Split(trained.named_parameters(), options.WeightDecay), lr: options.LearningRate,
            beta1: options.AdamBeta1, beta2: options.AdamBeta2, eps: options.AdamEpsilon, weight_decay: options.WeightDecay);

    /// <summary>Warmup over <c>Training:WarmupSteps</c>, then <c>Training:Schedule</c> down to 0 at <paramref name="totalSteps"/>.</summary>
    public static LearningRateSchedule CreateSchedule(TrainingOptions options, long totalSteps) =>
        new(LearningRateSchedule.ParseShape(options.Schedule), options.WarmupSteps, Math.Max(1, totalSteps));
}
