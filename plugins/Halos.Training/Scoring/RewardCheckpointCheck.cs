using System.Text.Json;
using Halos.Abstractions.Models;

namespace Halos.Training.Scoring;

/// <summary>
/// <c>halos score</c> reads a reward model's score head. A checkpoint saved as something else (a causal LM, a base
/// encoder) would get a freshly initialised head, as reward-model training starts from, and its "scores" would be
/// noise; so such a folder is refused, saying what it is and what to use instead.
/// </summary>
public static class RewardCheckpointCheck
{
    /// <summary>Throws when <paramref name="spec"/>'s config.json names architectures and none is a sequence classifier.</summary>
    public static void Require(ModelSpec spec)
    {
        if (spec.Checkpoint is not { } folder) return;
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath)) return;
        string[] architectures;
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllBytes(configPath));
            if (!config.RootElement.TryGetProperty("architectures", out var list) || list.ValueKind != JsonValueKind.Array) return;
            architectures = list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToArray();
        }
        catch (JsonException)
        {
            return; // The model plugin reports a broken config.json with its own located error.
        }
        if (architectures.Length == 0 || architectures.Any(a => a.EndsWith("ForSequenceClassification", StringComparison.Ordinal))) return;
        var what = architectures.Any(a => a.EndsWith("ForCausalLM", StringComparison.Ordinal) || a.EndsWith("LMHeadModel", StringComparison.Ordinal))
            ? "a causal language model (a policy)"
            : "not a sequence classifier";
        throw new ModelSpecException(
            $"{spec}: score needs a reward model (a *ForSequenceClassification checkpoint), but {configPath} says {string.Join(", ", architectures)}, {what}. "
            + "Its score head would be freshly initialised, so the numbers would mean nothing. Train a reward model from it "
            + "(halos train --Loss:Script=bradley_terry --Model:Checkpoint=...), or use halos logprobs for a policy's completion log-probs.");
    }
}
