using System.Text.Json;
using Halos.Abstractions.Options;

namespace Halos.Host.Verbs;

/// <summary>
/// The loss <c>halos eval</c> uses when the configuration names none: with a reference model (<c>--reference</c>),
/// the model is a policy measured against it, so DPO's implicit-reward metrics; a reward model (a checkpoint whose
/// config.json lists a <c>*ForSequenceClassification</c> architecture) is scored pairwise with Bradley-Terry.
/// Anything else still needs <c>Loss:Script</c>, since no loss is a safe guess for it.
/// </summary>
public static class EvalLossDefault
{
    public const string ForPolicyWithReference = "dpo";
    public const string ForRewardModel = "bradley_terry";

    /// <summary>The loss script name, or null when none applies; paths resolve against <paramref name="root"/>.</summary>
    public static string? Choose(ModelOptions model, string root)
    {
        if (!string.IsNullOrWhiteSpace(model.ReferenceCheckpoint)) return ForPolicyWithReference;
        return IsRewardModel(model, root) ? ForRewardModel : null;
    }

    private static bool IsRewardModel(ModelOptions model, string root)
    {
        if (string.IsNullOrWhiteSpace(model.Checkpoint)) return false;
        var config = Path.Combine(Path.GetFullPath(model.Checkpoint, root), "config.json");
        if (!File.Exists(config)) return false; // the model plugin reports the missing file with its own message
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(config));
            return document.RootElement.TryGetProperty("architectures", out var architectures)
                   && architectures.ValueKind == JsonValueKind.Array
                   && architectures.EnumerateArray().Any(a => a.GetString()?.EndsWith("ForSequenceClassification", StringComparison.Ordinal) == true);
        }
        catch (JsonException)
        {
            return false; // likewise: a broken config.json is the model plugin's error to report, naming the line
        }
    }
}
