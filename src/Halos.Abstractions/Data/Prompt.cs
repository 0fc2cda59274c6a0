namespace Halos.Abstractions.Data;

/// <summary>
/// What the model is conditioned on. Datasets come in two shapes (TRL calls them "standard" and
/// "conversational"): raw text that is tokenized as is, or messages that go through the model's chat
/// template. Exactly one of <see cref="Text"/> and <see cref="Messages"/> is set.
/// </summary>
public sealed record Prompt
{
    private Prompt(string? text, IReadOnlyList<ChatMessage>? messages) => (Text, Messages) = (text, messages);

    public string? Text { get; }

    public IReadOnlyList<ChatMessage>? Messages { get; }

    public bool IsConversational => Messages is not null;

    public static Prompt FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    public static Prompt FromMessages(IReadOnlyList<ChatMessage> messages) =>
        new(null, messages ?? throw new ArgumentNullException(nameof(messages)));

    public override string ToString() =>
        Text ?? string.Join("\n", Messages!.Select(m => $"{m.Role}: {m.Content}"));
}
