using Halos.Abstractions.Data;
using Halos.Abstractions.Training;

namespace Halos.Data.Tokenization;

/// <summary>
/// Token budgets and the over-length policy. <see cref="MaxLength"/> bounds prompt + completion of each
/// sequence, <see cref="MaxPromptLength"/> the prompt alone, <see cref="MaxCompletionLength"/> each completion
/// alone; 0 means no limit.
/// </summary>
public sealed record EncodingOptions
{
    public int MaxLength { get; init; }

    public int MaxPromptLength { get; init; }

    public int MaxCompletionLength { get; init; }

    public OverLengthPolicy OverLength { get; init; } = OverLengthPolicy.Truncate;

    /// <summary>The encoder's budgets for the <c>Data</c> section's limits (as <see cref="CollateOptions.From"/> gathers them).</summary>
    public static EncodingOptions From(CollateOptions collate) => new()
    {
        MaxLength = collate.MaxLength,
        MaxPromptLength = collate.MaxPromptLength,
        MaxCompletionLength = collate.MaxCompletionLength,
        OverLength = ParsePolicy(collate.OverLength, "Data:OverLength"),
    };

    /// <summary>Throws naming the setting when the budgets cannot work together.</summary>
    public void Validate()
    {
        if (MaxLength < 0) throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "max_length must be 0 (no limit) or positive");
        if (MaxPromptLength < 0) throw new ArgumentOutOfRangeException(nameof(MaxPromptLength), MaxPromptLength, "max_prompt_length must be 0 (no limit) or positive");
        if (MaxCompletionLength < 0) throw new ArgumentOutOfRangeException(nameof(MaxCompletionLength), MaxCompletionLength, "max_completion_length must be 0 (no limit) or positive");
        if (MaxLength > 0 && MaxPromptLength >= MaxLength)
            throw new ArgumentOutOfRangeException(nameof(MaxPromptLength), MaxPromptLength, $"max_prompt_length ({MaxPromptLength}) must be below max_length ({MaxLength}) to leave room for the completion");
    }

    /// <summary>The limits as the <c>Data</c> section spells them, for messages and reports.</summary>
    public string Describe() =>
        $"Data:MaxLength={Limit(MaxLength)}, Data:MaxPromptLength={Limit(MaxPromptLength)}, Data:MaxCompletionLength={Limit(MaxCompletionLength)}, " +
        $"Data:OverLength={OverLength.ToString().ToLowerInvariant()}";

    private static string Limit(int value) => value > 0 ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0 (none)";

    public static OverLengthPolicy ParsePolicy(string? value, string setting) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "truncate" => OverLengthPolicy.Truncate,
        "drop" => OverLengthPolicy.Drop,
        "error" => OverLengthPolicy.Error,
        _ => throw new DataFormatException(setting, null, $"'{value}' is not an over-length policy; expected truncate, drop or error"),
    };
}
