using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Options;

/// <summary>The <c>Metrics</c> section: which metric-sink plugins a run writes to.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Metric-sink plugin names (e.g. ["jsonl"]).</summary>
    public string[] Sinks { get; set; } = [];

    /// <summary>Per-sink settings: <c>Metrics:Options:&lt;sink name&gt;:*</c>.</summary>
    public IConfiguration? Options { get; set; }

    /// <summary>Logs train metrics every N optimiser steps.</summary>
    [System.ComponentModel.DataAnnotations.Range(1L, long.MaxValue)]
    public long LogEvery { get; set; } = 10;
}
