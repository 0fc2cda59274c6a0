namespace Halos.Torch.Optim;

public enum ScheduleShape { Constant, Linear, Cosine }

/// <summary>
/// Linear warmup from 0, then a constant, linearly decaying or half-cosine learning rate,
/// the shapes of Hugging Face's get_{constant,linear,cosine}_schedule_with_warmup.
/// Each step sets every group's rate to its initial rate times <see cref="Factor"/>.
/// </summary>
public sealed class LearningRateSchedule
{
    public LearningRateSchedule(ScheduleShape shape, long warmupSteps, long totalSteps, double minRatio = 0)
    {
        if (warmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(warmupSteps), "warmup steps must be >= 0");
        if (shape != ScheduleShape.Constant && totalSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), "a decaying schedule needs a positive total step count");
        if (minRatio is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(minRatio), "min ratio must be in [0, 1]");
        Shape = shape;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        MinRatio = minRatio;
    }

    public ScheduleShape Shape { get; }
    public long WarmupSteps { get; }
    public long TotalSteps { get; }
    public double MinRatio { get; }

    /// <summary>The multiplier of the initial learning rate for the update made at this 0-based step.</summary>
    public double Factor(long step)
    {
        if (step < WarmupSteps) return (double)step / Math.Max(1, WarmupSteps);
        if (Shape == ScheduleShape.Constant) return 1.0;
        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        progress = Math.Clamp(progress, 0, 1);
        var decay = Shape == ScheduleShape.Linear ? 1 - progress : 0.5 * (1 + Math.Cos(Math.PI * progress));
        return MinRatio + (1 - MinRatio) * decay;
    }

    /// <summary>Sets every group's learning rate for the given step.</summary>
    public void Apply(Optimizer optimizer, long step)
    {
        var f = Factor(step);
        foreach (var g in optimizer.param_groups) g.LearningRate = g.InitialLearningRate * f;
    }

    public static ScheduleShape ParseShape(string name) => name.Trim().ToLowerInvariant() switch
    {
        "constant" or "constant_with_warmup" => ScheduleShape.Constant,
        "linear" => ScheduleShape.Linear,
        "cosine" => ScheduleShape.Cosine,
        _ => throw new ArgumentException($"unknown learning-rate schedule '{name}'; expected constant, linear or cosine"),
    };
}
