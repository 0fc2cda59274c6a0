using System.Text.Json;
using System.Text.Json.Serialization;
using Halos.Abstractions.Losses;
using Halos.Data.Batching;

namespace Halos.Training.Checkpoints;

/// <summary>
/// <c>trainer_state.json</c>: everything besides weights and optimiser moments that a resumed run needs to
/// continue exactly where the checkpoint was taken, plus the metrics logged so far. Field names follow
/// transformers' trainer_state.json where one exists (<c>global_step</c>, <c>max_steps</c>, <c>log_history</c>).
/// </summary>
public sealed record TrainerState
{
    /// <summary>Optimiser steps completed (skipped ones included: they consumed their data).</summary>
    [JsonPropertyName("global_step")] public required long GlobalStep { get; init; }

    [JsonPropertyName("max_steps")] public required long MaxSteps { get; init; }

    /// <summary>The run seed. Torch's generators are re-seeded from (seed, step) before every step, so this
    /// and the step are the whole random state; the data order has its own generator, in <see cref="DataPosition"/>.</summary>
    [JsonPropertyName("seed")] public required long Seed { get; init; }

    [JsonPropertyName("rng_scheme")] public string RngScheme { get; init; } = "torch.manual_seed(splitmix64(seed, step)) before each step; data order splitmix64(seed, epoch)";

    /// <summary>The next microbatch the data sampler will draw.</summary>
    [JsonPropertyName("data_position")] public required DataPosition DataPosition { get; init; }

    [JsonPropertyName("skipped_steps")] public int SkippedSteps { get; init; }

    [JsonPropertyName("examples_seen")] public long ExamplesSeen { get; init; }

    [JsonPropertyName("tokens_seen")] public long TokensSeen { get; init; }

    /// <summary>Microbatch size and accumulation, which a resumed run must match for the same data order.</summary>
    [JsonPropertyName("train_batch_size")] public int BatchSize { get; init; }

    [JsonPropertyName("gradient_accumulation_steps")] public int GradientAccumulationSteps { get; init; }

    /// <summary>
    /// Ranks of the data-parallel run (1 for one process). <see cref="DataPosition"/> counts global microbatches of
    /// <see cref="BatchSize"/> × ranks examples, which every rank draws alike and splits by rank, so this position
    /// restores every rank's place in the data; resuming with another number of ranks is refused.
    /// </summary>
    [JsonPropertyName("world_size")] public int WorldSize { get; init; } = 1;

    /// <summary>The loss's running statistics (BCO's reward shift δ), so a resumed run continues them.</summary>
    [JsonPropertyName("loss_state")] public Dictionary<string, RunningMeanState> LossState { get; init; } = [];

    [JsonPropertyName("log_history")] public List<LoggedMetrics> LogHistory { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        // A diverged run logs NaN; JSON has no literal for it, so it is written as the string "NaN", as Python's json reads it.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TrainerState Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no trainer state; this is not a complete checkpoint", path);
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: expected a JSON object, got null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a trainer state ({e.Message}); expected global_step, max_steps, seed, data_position", e);
        }
    }

    /// <summary>Writes the file and forces it to disk, since the checkpoint folder is renamed into place right after.</summary>
    public void Save(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        var bytes = System.Text.Encoding.UTF8.GetBytes(ToJson());
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>One logged record: the step, the phase (train or eval) and the metric values.</summary>
public sealed record LoggedMetrics(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("values")] SortedDictionary<string, double> Values);
