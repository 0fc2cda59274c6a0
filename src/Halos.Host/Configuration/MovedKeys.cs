namespace Halos.Host.Configuration;

/// <summary>
/// Keys that have moved to another home. Naming one is an error that gives the new key, rather than a silent
/// default (the old key would otherwise be unknown, and its "did you mean" would point inside the wrong section).
/// </summary>
public static class MovedKeys
{
    private const string Lengths = "the length limits live together in the Data section: Data:MaxLength, Data:MaxPromptLength, Data:MaxCompletionLength, Data:OverLength";

    private const string LoopOwn = "settings of the built-in run loop live in its own section, Training:LoopOptions, as every plugin's settings do";

    private static readonly Dictionary<string, (string NewKey, string Why)> Moves = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Training:MaxLength"] = ("Data:MaxLength", Lengths),
        // TRL keeps its limits beside the other trainer arguments; users coming from there try these too.
        ["Training:MaxPromptLength"] = ("Data:MaxPromptLength", Lengths),
        ["Training:MaxCompletionLength"] = ("Data:MaxCompletionLength", Lengths),
        ["Training:OverLength"] = ("Data:OverLength", Lengths),
        ["Training:Precision"] = ("Training:LoopOptions:Precision", LoopOwn),
        ["Training:Reference"] = ("Training:LoopOptions:Reference", LoopOwn),
        ["Training:ReferenceCache"] = ("Training:LoopOptions:ReferenceCache", LoopOwn),
        ["Training:GradientBucketMegabytes"] = ("Training:LoopOptions:GradientBucketMegabytes", LoopOwn),
        ["Training:DistributedTimeoutSeconds"] = ("Training:LoopOptions:DistributedTimeoutSeconds", LoopOwn),
    };

    /// <summary>The message for a moved key, or null when <paramref name="key"/> has not moved.</summary>
    public static string? NewHomeOf(string key) =>
        Moves.TryGetValue(key, out var move) ? $"this key has moved: use {move.NewKey} ({move.Why})" : null;
}
