namespace Halos.Templates.Chat;

/// <summary>
/// The characters [<see cref="Start"/>, <see cref="End"/>) of the rendered conversation that
/// message <see cref="MessageIndex"/> produced, including its role header and end-of-turn token.
/// </summary>
public readonly record struct MessageSpan(int MessageIndex, string Role, int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>
/// A rendered conversation and, when the template renders each prefix of the conversation as a
/// prefix of the whole (true for most templates), where each message's text lies.
/// <see cref="Spans"/> is null for templates whose earlier turns change with later ones
/// (e.g. Qwen3 dropping reasoning from older assistant turns).
/// </summary>
public sealed record RenderedConversation(string Text, IReadOnlyList<MessageSpan>? Spans);
