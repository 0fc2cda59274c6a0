using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Halos.Abstractions.Running;
using Halos.Torch.NN;
using Halos.Training.Checkpoints;
using Microsoft.Extensions.Configuration;

namespace Halos.Training.Setup;

/// <summary>
/// What a training run is about to do, said before its first step (as TRL and PEFT users expect): the data and the
/// optimiser steps it makes of it, trainable against total parameters, the reference, precision, device and ranks,
/// and, on resume, the checkpoint it continues from. Printed, and written as <c>run.json</c> in the run folder,
/// where <c>halos report</c> reads it.
/// </summary>
public sealed record RunSummary
{
    public const string FileName = "run.json";

    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("output_dir")] public required string OutputDir { get; init; }
    [JsonPropertyName("model")] public string? Model { get; init; }
    [JsonPropertyName("loss")] public required string Loss { get; init; }
    [JsonPropertyName("trainer")] public required string Trainer { get; init; }
    [JsonPropertyName("examples")] public required int Examples { get; init; }
    [JsonPropertyName("eval_examples")] public int EvalExamples { get; init; }
    [JsonPropertyName("epochs")] public required double Epochs { get; init; }
    [JsonPropertyName("optimizer_steps")] public required long OptimizerSteps { get; init; }
    [JsonPropertyName("batch_size")] public required int BatchSize { get; init; }
    [JsonPropertyName("gradient_accumulation_steps")] public required int GradientAccumulationSteps { get; init; }
    [JsonPropertyName("world_size")] public required int WorldSize { get; init; }
    [JsonPropertyName("parameters")] public required ParameterCounts Parameters { get; init; }
    [JsonPropertyName("reference")] public required string Reference { get; init; }
    [JsonPropertyName("precision")] public required string Precision { get; init; }
    [JsonPropertyName("device")] public required string Device { get; init; }
    [JsonPropertyName("resumed_from")] public ResumeSummary? ResumedFrom { get; init; }

    /// <summary>An online run's rollouts (samples per prompt, updates per rollout, reward sources); null offline.</summary>
    [JsonPropertyName("online")] public string? Online { get; init; }

    /// <summary>The run's effective configuration, flattened to <c>Section:Key</c> (what <c>halos report</c> compares between runs).</summary>
    [JsonPropertyName("configuration")] public IReadOnlyDictionary<string, string>? Configuration { get; init; }

    /// <summary>Examples per optimiser step over every rank.</summary>
    [JsonPropertyName("global_batch_size")] public int GlobalBatchSize => BatchSize * GradientAccumulationSteps * WorldSize;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Indented) + "\n");

    public static RunSummary Load(string path) =>
        JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty run summary");

    /// <summary>The summary as the lines printed at start-up.</summary>
    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Format(c, "{0}: {1:N0} examples{2}, {3:0.##} epoch(s), {4:N0} optimiser steps of {5:N0} examples ({6} per batch x {7} accumulation x {8} rank(s))",
            Mode, Examples, EvalExamples > 0 ? string.Format(c, " (+{0:N0} eval)", EvalExamples) : "", Epochs, OptimizerSteps, GlobalBatchSize,
            BatchSize, GradientAccumulationSteps, WorldSize);
        var p = Parameters;
        yield return string.Format(c, "parameters: {0:N0} trainable of {1:N0} ({2:0.###}%){3}", p.Trainable, p.Total,
            p.Total == 0 ? 0 : 100.0 * p.Trainable / p.Total, p.Lora is { } l ? string.Format(c, ", LoRA adapters {0:N0}", l) : "");
        yield return $"reference: {Reference}; precision: {Precision}; device: {Device}; world size: {WorldSize}";
        yield return $"loss {Loss}, trainer {Trainer}, model {Model ?? "(architecture from scratch)"}; output: {OutputDir}";
        if (Online is { } online) yield return $"online: {online}";
        if (ResumedFrom is { } r) yield return r.Describe();
    }

    public static IReadOnlyDictionary<string, string> Flatten(IConfiguration configuration)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration.AsEnumerable())
            if (value is not null) values[key] = value;
        return values;
    }

    /// <summary>Counts a module's parameters: all of them, the ones that train, and LoRA's adapter matrices among them.</summary>
    public static ParameterCounts Count(Module trained)
    {
        long total = 0, trainable = 0, lora = 0;
        foreach (var (name, parameter) in trained.named_parameters())
        {
            var n = parameter.numel();
            total += n;
            if (parameter.requires_grad) trainable += n;
            if (name.Contains(".lora_A.", StringComparison.Ordinal) || name.Contains(".lora_B.", StringComparison.Ordinal)) lora += n;
        }
        return new ParameterCounts(total, trainable, lora > 0 ? lora : null);
    }

    /// <summary>Which reference the loss compares against, in words.</summary>
    public static string DescribeReference(RunPlan plan, StandardLoopOptions loop, bool needsReference)
    {
        if (!needsReference) return "none (the loss uses no reference)";
        var source = ReferenceModelChoice.IsLoraBase(plan, loop) ? "the policy with its LoRA adapters off"
            : plan.Model.ReferenceCheckpoint is { Length: > 0 } r ? r
            : "a frozen copy of the starting policy";
        return loop.PrecomputesReference
            ? $"precomputed log-probs of {source}"
            : source;
    }
}

/// <summary>Parameter counts of the trained module; <see cref="Lora"/> is null without adapters.</summary>
public sealed record ParameterCounts(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("trainable")] long Trainable,
    [property: JsonPropertyName("lora")] long? Lora);

/// <summary>The checkpoint a resumed run continues from: its folder name, step, epoch and position in that epoch's data.</summary>
public sealed record ResumeSummary(
    [property: JsonPropertyName("checkpoint")] string Checkpoint,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("example_position")] long ExamplePosition)
{
    public static ResumeSummary Of(ResumePoint resume) => new(Path.GetFileName(resume.Folder.TrimEnd(Path.DirectorySeparatorChar)),
        resume.State.GlobalStep, resume.State.DataPosition.Epoch, (long)resume.State.DataPosition.Batch * resume.State.DataPosition.BatchSize);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"resuming from {Checkpoint} (step {Step}, epoch {Epoch}, example position {ExamplePosition})");
}
