using System.ComponentModel.DataAnnotations;

namespace Halos.Abstractions.Options;

/// <summary>The <c>Training</c> section: which trainer plugin runs, and the optimisation schedule of the shared loop.</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>The trainer plugin's registration name (<c>halos plugins list</c> shows them).</summary>
    public string? Trainer { get; set; }

    /// <summary>
    /// The trainer plugin's own settings (<c>Training:TrainerOptions:*</c>): checked at start-up against the options
    /// class a trainer declares (<see cref="Plugins.IConfigurablePlugin"/>), and handed to it in its <see cref="Plugins.PluginContext"/>.
    /// </summary>
    public Microsoft.Extensions.Configuration.IConfiguration? TrainerOptions { get; set; }

    /// <summary>The run-loop plugin that drives train/eval/score/sample.</summary>
    public string Loop { get; set; } = "standard";

    /// <summary>
    /// The run loop's own settings (<c>Training:LoopOptions:*</c>; for the built-in loop: Precision, Reference,
    /// ReferenceCache, GradientBucketMegabytes, DistributedTimeoutSeconds), checked against the class the loop declares.
    /// </summary>
    public Microsoft.Extensions.Configuration.IConfiguration? LoopOptions { get; set; }

    [Range(1, 1_000_000)]
    public int Epochs { get; set; } = 1;

    /// <summary>Stops after this many optimiser steps; 0 lets <see cref="Epochs"/> decide.</summary>
    [Range(0L, long.MaxValue)]
    public long MaxSteps { get; set; }

    /// <summary>Examples per forward pass, per rank in a data-parallel run (the global batch is BatchSize × ranks × accumulation).</summary>
    [Range(1, 1 << 20)]
    public int BatchSize { get; set; } = 8;

    /// <summary>Forward passes per optimiser step.</summary>
    [Range(1, 1 << 20)]
    public int GradientAccumulationSteps { get; set; } = 1;

    [Range(1e-12, 1.0)]
    public double LearningRate { get; set; } = 5e-7;

    [Range(0.0, 1.0)]
    public double WeightDecay { get; set; }

    [Range(0L, long.MaxValue)]
    public long WarmupSteps { get; set; }

    /// <summary>AdamW's first-moment decay (transformers' <c>adam_beta1</c>).</summary>
    [Range(0.0, 0.999999)]
    public double AdamBeta1 { get; set; } = 0.9;

    /// <summary>AdamW's second-moment decay (transformers' <c>adam_beta2</c>).</summary>
    [Range(0.0, 0.999999)]
    public double AdamBeta2 { get; set; } = 0.999;

    /// <summary>
    /// AdamW's ε (transformers' <c>adam_epsilon</c>). A gradient far below ε barely moves its weight; one near it
    /// moves by a sizeable fraction of the learning rate, so rounding noise in a near-zero gradient becomes a real update.
    /// </summary>
    [Range(0.0, 1.0)]
    public double AdamEpsilon { get; set; } = 1e-8;

    [AllowedValues("constant", "linear", "cosine")]
    public string Schedule { get; set; } = "linear";

    /// <summary>Gradient-norm clipping threshold; 0 turns clipping off.</summary>
    [Range(0.0, double.MaxValue)]
    public double MaxGradNorm { get; set; } = 1.0;

    public long Seed { get; set; } = 42;

    /// <summary>Evaluates every N optimiser steps; 0 evaluates only at the end.</summary>
    [Range(0L, long.MaxValue)]
    public long EvalEvery { get; set; }

    /// <summary>Saves a checkpoint every N optimiser steps; 0 saves only at the end (and on Ctrl+C).</summary>
    [Range(0L, long.MaxValue)]
    public long CheckpointEvery { get; set; }

    /// <summary>Where checkpoints, metrics and the resolved configuration of the run are written.</summary>
    [Required]
    public string OutputDir { get; set; } = "runs/default";

    /// <summary>
    /// A checkpoint folder to resume from (its trainer state restores step, optimiser, schedule and data
    /// position), or a run folder, meaning its newest complete checkpoint.
    /// </summary>
    public string? ResumeFrom { get; set; }

    /// <summary>Continues from the newest complete checkpoint under <see cref="OutputDir"/> (the <c>--resume</c> flag sets it).</summary>
    public bool Resume { get; set; }

    /// <summary>How many checkpoints to keep; older ones are deleted after each save. 0 keeps all.</summary>
    [Range(0, 1_000_000)]
    public int KeepCheckpoints { get; set; } = 3;

    /// <summary>
    /// An optimiser step whose loss (or gradient norm) is not finite is skipped with a warning; the K-th such
    /// step aborts the run with a message naming it.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AbortAfterNonFiniteSteps { get; set; } = 10;

    /// <summary>Evaluates on the first N examples of <c>Data:Eval</c> (the same ones at every eval); 0 uses all.</summary>
    [Range(0L, long.MaxValue)]
    public long EvalExamples { get; set; }

    /// <summary>
    /// Prints the first N pairs of every evaluation as a table (prompt, chosen, rejected, their rewards and margin),
    /// as TRL's reward trainer does; 0 prints none. <c>halos eval --show N</c> sets it.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int EvalShow { get; set; }

    /// <summary>
    /// Online runs (prompts with <c>Rewards:Sources</c>): optimiser steps taken on each batch of rollouts (μ, TRL's
    /// <c>num_iterations</c>). Steps after the first see the sampling policy's log-probs as <c>OldPolicyPerToken</c>.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1024)]
    public int UpdatesPerGeneration { get; set; } = 1;

    /// <summary>Online runs: copy the policy into the reference every N optimiser steps (TRL's <c>ref_model_sync_steps</c>); 0 keeps the reference frozen.</summary>
    [System.ComponentModel.DataAnnotations.Range(0L, long.MaxValue)]
    public long SyncReferenceEvery { get; set; }

    /// <summary>Online runs: append every N-th step's completions, with their rewards and advantages, to <c>completions.jsonl</c> in the run folder; 0 never.</summary>
    [System.ComponentModel.DataAnnotations.Range(0L, long.MaxValue)]
    public long LogCompletionsEvery { get; set; } = 1;
}
