using Halos.Abstractions.Losses;

namespace Halos.Abstractions.Data;

/// <summary>
/// One training or evaluation example. The subtype is its shape; <see cref="ShapeOf"/> says which
/// shape a loss of each <see cref="DataKind"/> consumes. <see cref="Id"/> ties per-example losses
/// and scores back to the source (a row number, a dataset id).
/// </summary>
public abstract record Example(string Id, Prompt Prompt)
{
    /// <summary>
    /// The example type a loss of <paramref name="kind"/> trains on. Reward models (<see cref="DataKind.Scored"/>)
    /// score both sides of a preference pair; GRPO-style losses (<see cref="DataKind.Grouped"/>) get
    /// prompts whose completions are sampled online, or pre-sampled groups.
    /// </summary>
    public static Type ShapeOf(DataKind kind) => kind switch
    {
        DataKind.Sft => typeof(SftExample),
        DataKind.Paired or DataKind.Scored => typeof(PairedExample),
        DataKind.Unpaired => typeof(UnpairedExample),
        DataKind.Ranked => typeof(RankedExample),
        DataKind.Grouped => typeof(GroupedExample),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown data kind"),
    };
}

/// <summary>Supervised fine-tuning: imitate <see cref="Completion"/>.</summary>
public sealed record SftExample(string Id, Prompt Prompt, string Completion) : Example(Id, Prompt);

/// <summary>
/// A preference pair: <see cref="Chosen"/> is preferred over <see cref="Rejected"/> (DPO, IPO, SimPO, ORPO,
/// Bradley-Terry). <see cref="Margin"/> is an optional strength of preference (Llama 2's reward-model margin).
/// </summary>
public sealed record PairedExample(string Id, Prompt Prompt, string Chosen, string Rejected, double? Margin = null) : Example(Id, Prompt);

/// <summary>A single completion labelled desirable or undesirable (KTO's binary feedback).</summary>
public sealed record UnpairedExample(string Id, Prompt Prompt, string Completion, bool Desirable) : Example(Id, Prompt)
{
    /// <summary>
    /// The completion of another example that this prompt is paired with for KTO's KL reference point, when the
    /// training loop chose it (over a data-parallel step's global microbatch, so the pairs do not depend on how
    /// many ranks share it). Null: the collator pairs prompt i with completion i + 1 of the microbatch.
    /// </summary>
    public string? KlCompletion { get; init; }
}

/// <summary>Completions ordered from best to worst (Plackett-Luce, ranked reward models).</summary>
public sealed record RankedExample(string Id, Prompt Prompt, IReadOnlyList<string> BestToWorst) : Example(Id, Prompt);

/// <summary>
/// A prompt for group-relative losses (GRPO): with no <see cref="Completions"/> the trainer samples them
/// online; an offline dataset can carry pre-sampled completions with their rewards.
/// </summary>
public sealed record GroupedExample(string Id, Prompt Prompt, IReadOnlyList<ScoredCompletion> Completions) : Example(Id, Prompt)
{
    /// <summary>
    /// The prompt as the policy saw it when sampling online (token ids); set together with each completion's
    /// <see cref="ScoredCompletion.TokenIds"/>, so a rollout is trained on exactly the tokens it sampled, never on a re-encoding of its text.
    /// </summary>
    public int[]? PromptIds { get; init; }

    /// <summary>
    /// The data row the prompt came from (a JSON object), for reward sources that read its other fields (an
    /// <c>answer</c>, a list of tests). Null when the format keeps no such row.
    /// </summary>
    public System.Text.Json.JsonElement? Row { get; init; }
}

/// <summary>
/// One member of a <see cref="GroupedExample"/>. <see cref="Score"/> is NaN for a completion every reward source
/// skipped (a reward script returned null): it stays in its group but carries no loss.
/// </summary>
public sealed record ScoredCompletion(string Completion, double Score)
{
    /// <summary>The sampled token ids (online rollouts); null to encode <see cref="Completion"/> as text.</summary>
    public int[]? TokenIds { get; init; }

    /// <summary>Per completion token: the log-probs of the policy that sampled it, kept for the later updates on the same rollout (μ &gt; 1).</summary>
    public float[]? OldLogProbs { get; init; }

    /// <summary>Per completion token: the reference model's log-probs, computed once per rollout rather than once per update.</summary>
    public float[]? ReferenceLogProbs { get; init; }
}
