namespace Halos.Data.Tokenization;

/// <summary>
/// What the length policy did to a dataset: how many rows it truncated or dropped, and why. Printed before
/// training so a budget that mangles much of the data is seen at once.
/// </summary>
public sealed record EncodingReport(EncodingOptions Options, int Total, IReadOnlyList<LengthAffectedRow> Affected)
{
    public int Truncated => Affected.Count(a => a.Action == OverLengthPolicy.Truncate);

    public int Dropped => Affected.Count(a => a.Action == OverLengthPolicy.Drop);

    /// <summary>How many rows broke each limit first (prompt, completion, whole sequence).</summary>
    public int Over(LengthLimit limit) => Affected.Count(a => a.Limit == limit);

    public string Summary()
    {
        var limits = $"max_length {Limit(Options.MaxLength)}, max_prompt_length {Limit(Options.MaxPromptLength)}";
        if (Options.MaxCompletionLength > 0) limits += $", max_completion_length {Options.MaxCompletionLength}";
        if (Affected.Count == 0) return $"length policy: no row of {Total} exceeds the limits ({limits})";
        var verb = Options.OverLength == OverLengthPolicy.Drop ? "dropped" : "truncated";
        return $"length policy '{Options.OverLength.ToString().ToLowerInvariant()}': {Affected.Count} of {Total} rows exceed the limits ({limits}) and were {verb}; first: {Affected[0].Id}: {Affected[0].Reason}";
    }

    private static string Limit(int value) => value > 0 ? value.ToString() : "none";
}

/// <summary>A row the length policy changed, what it did, the lengths that triggered it, and the limit it broke first.</summary>
public sealed record LengthAffectedRow(string Id, OverLengthPolicy Action, string Reason, LengthLimit Limit = LengthLimit.Total);

/// <summary>Which of the <c>Data</c> section's length limits a row broke.</summary>
public enum LengthLimit
{
    /// <summary><c>Data:MaxPromptLength</c>.</summary>
    Prompt,

    /// <summary><c>Data:MaxCompletionLength</c>.</summary>
    Completion,

    /// <summary><c>Data:MaxLength</c>, prompt + completion.</summary>
    Total,
}
