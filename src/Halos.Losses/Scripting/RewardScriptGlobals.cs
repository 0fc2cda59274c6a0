using System.Globalization;
using System.Text.Json;
using Halos.Abstractions.Rewards;
using Halos.Losses.Rewards;

namespace Halos.Losses.Scripting;

/// <summary>
/// The names a reward script sees, for one completion: the prompt (as text, and as messages when it is a
/// conversation), the completion (text and token ids) and the data row's other fields. The script returns the
/// completion's reward as a number, or <c>null</c> to skip it.
/// </summary>
public sealed class RewardScriptGlobals
{
    private readonly RewardQuery _query;

    internal RewardScriptGlobals(RewardQuery query) => _query = query;

    /// <summary>One message of a conversational prompt.</summary>
    public sealed record Message(string Role, string Content);

    /// <summary>The prompt as text: a plain prompt as written, a conversation as its messages' contents joined by blank lines.</summary>
    public string Prompt => _query.PromptText;

    /// <summary>The prompt's messages when it is a conversation; null for a plain-text prompt.</summary>
    public IReadOnlyList<Message>? Messages => _query.Messages?.Select(m => new Message(m.Role, m.Content)).ToList();

    /// <summary>The completion's text (special tokens left out).</summary>
    public string Completion => _query.Completion;

    /// <summary>The completion's token ids, as sampled.</summary>
    public IReadOnlyList<int> CompletionIds => _query.CompletionIds;

    /// <summary>Whether the data row has the field.</summary>
    public bool Has(string field) => _query.Row is { ValueKind: JsonValueKind.Object } row && row.TryGetProperty(field, out _);

    /// <summary>The row's field as text: a string as it is, any other JSON value as its JSON text; null when the row has no such field.</summary>
    public string? Field(string field) =>
        _query.Row is { ValueKind: JsonValueKind.Object } row && row.TryGetProperty(field, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>The row's field as a number (a JSON number, or a string that parses as one); null otherwise.</summary>
    public double? Number(string field) => Field(field) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The final answer of a text (<see cref="FinalAnswer.Of"/>): a \boxed{...}, what follows "####", or the last number.</summary>
    public string? final_answer(string text) => FinalAnswer.Of(text);

    /// <summary>Whether two answers agree: numerically when both parse as numbers, else as trimmed text.</summary>
    public bool same_answer(string? a, string? b) => FinalAnswer.Same(a, b);
}
