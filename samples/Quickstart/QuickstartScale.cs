namespace Quickstart;

/// <summary>
/// How big the quickstart runs. <see cref="Full"/> is the README's run (tuned to finish in well under 5 minutes on
/// 2 CPU cores); <see cref="Smoke"/> is the same pipeline in seconds, for the end-to-end test.
/// </summary>
public sealed record QuickstartScale
{
    public int Seed { get; init; } = 7;
    public int HeldOutProblems { get; init; } = 400;
    public int SftProblems { get; init; } = 2000;
    public int AlignmentProblems { get; init; } = 1200;

    /// <summary>The share of subtraction demonstrations in the SFT data that add instead (a systematic, correctable slip).</summary>
    public double SubtractionSlipRate { get; init; } = 0.45;

    public int Width { get; init; } = 64;
    public int Layers { get; init; } = 2;
    public int Heads { get; init; } = 4;
    public int MaxLength { get; init; } = 64;

    public int BatchSize { get; init; } = 32;
    public int SftSteps { get; init; } = 600;
    public int AlignmentSteps { get; init; } = 50;
    public int RewardSteps { get; init; } = 100;

    /// <summary>Online GRPO: optimiser steps, prompts per step, and completions sampled per prompt.</summary>
    public int GrpoSteps { get; init; } = 40;
    public int GrpoPrompts { get; init; } = 16;
    public int GrpoSamples { get; init; } = 8;

    /// <summary>Online DPO judged by the reward model: optimiser steps and samples per prompt (prompts per step as GRPO).</summary>
    public int OnlineDpoSteps { get; init; } = 40;
    public int OnlineDpoSamples { get; init; } = 4;

    public static QuickstartScale Full { get; } = new();

    public static QuickstartScale Smoke { get; } = new()
    {
        HeldOutProblems = 64, SftProblems = 256, AlignmentProblems = 128,
        Width = 32, BatchSize = 16, SftSteps = 30, AlignmentSteps = 8, RewardSteps = 150,
        GrpoSteps = 4, GrpoPrompts = 8, GrpoSamples = 4, OnlineDpoSteps = 4, OnlineDpoSamples = 2,
    };
}
