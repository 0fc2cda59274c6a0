using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Metrics;

/// <summary>What a sink is opened with: the run's output folder and the sink's own options section (<c>Metrics:Options:&lt;name&gt;</c>).</summary>
public sealed record MetricSinkContext(string RunName, string OutputDirectory, IConfiguration Options);
