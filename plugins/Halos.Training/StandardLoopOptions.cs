using System.ComponentModel.DataAnnotations;

namespace Halos.Training;

/// <summary>
/// The built-in loop's own settings, <c>Training:LoopOptions:*</c>: how it computes (precision), where reference
/// log-probs come from, and how data-parallel ranks talk. They belong to this loop, not to the plugin contract: another
/// loop declares its own. The host checks the section against this class at start-up (unknown keys, types, ranges).
/// </summary>
public sealed class StandardLoopOptions
{
    public const string Section = "Training:LoopOptions";

    /// <summary>
    /// Compute precision of the forward passes: <c>auto</c> (bfloat16 autocast where the device supports it,
    /// float32 elsewhere), <c>float32</c>, or <c>bfloat16</c> (autocast; falls back to float32 with a warning
    /// where the device or engine lacks it). Weights and optimiser state keep <c>Model:DType</c>.
    /// </summary>
    [AllowedValues("auto", "float32", "bfloat16")]
    public string Precision { get; set; } = "auto";

    /// <summary>
    /// Where reference log-probs come from, for losses that use a reference: <c>live</c> (a forward of the frozen
    /// reference model on every batch) or <c>precomputed</c> (one pass over the data before training, cached on
    /// disk under <see cref="ReferenceCache"/> by data and model hash, and reused by later runs), or <c>lora-base</c>
    /// (the policy itself with its LoRA adapters switched off: no second copy of the weights; needs <c>Model:Lora</c>).
    /// A LoRA run with <c>live</c> and no <c>Model:ReferenceCheckpoint</c> uses <c>lora-base</c>.
    /// </summary>
    [AllowedValues("live", "precomputed", "lora-base")]
    public string Reference { get; set; } = "live";

    /// <summary>
    /// In a data-parallel run (launched by <c>halos launch</c>, torchrun or Slurm), how long a rank waits for the
    /// others at any collective (a gradient average, a checkpoint barrier) before it fails naming the ranks it
    /// waited for. A rank that dies is usually noticed within a second; this bounds a hung or vanished one.
    /// </summary>
    [Range(1, 86_400)]
    public int DistributedTimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// In a data-parallel run, gradients are summed across ranks in buckets of about this many megabytes (DDP's
    /// <c>bucket_cap_mb</c>), each started during backward as soon as its gradients are in.
    /// </summary>
    [Range(0.0001, 65_536.0)]
    public double GradientBucketMegabytes { get; set; } = 25;

    /// <summary>The folder of precomputed reference log-probs (shared by runs, so a later run reuses them).</summary>
    public string ReferenceCache { get; set; } = "runs/reference-cache";

    /// <summary>True when reference log-probs are computed once before training (<see cref="Reference"/> = precomputed).</summary>
    public bool PrecomputesReference => string.Equals(Reference, "precomputed", StringComparison.OrdinalIgnoreCase);
}
