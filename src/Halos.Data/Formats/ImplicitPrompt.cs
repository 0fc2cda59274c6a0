using Halos.Abstractions.Data;

namespace Halos.Data.Formats;

/// <summary>
/// TRL's implicit prompt: when a preference row has no <c>prompt</c>, the prompt is the part the chosen and
/// rejected sequences share.
/// </summary>
public static class ImplicitPrompt
{
    /// <summary>
    /// The longest common prefix of two texts. When the texts diverge right after a space, the space stays with
    /// the completions (the way TRL splits, so the completion starts with its word's leading space).
    /// </summary>
    public static int CommonTextPrefix(string chosen, string rejected)
    {
        var length = Math.Min(chosen.Length, rejected.Length);
        var i = 0;
        while (i < length && chosen[i] == rejected[i]) i++;
        if (i < length && i > 0 && chosen[i - 1] == ' ') i--;
        return i;
    }

    /// <summary>
    /// How many leading messages form the prompt: the common messages, cut back so that the prompt ends
    /// just before an assistant turn of both conversations (so a prompt never swallows a whole response).
    /// </summary>
    public static int CommonTurnPrefix(IReadOnlyList<ChatMessage> chosen, IReadOnlyList<ChatMessage> rejected)
    {
        var k = 0;
        var length = Math.Min(chosen.Count, rejected.Count);
        while (k < length && chosen[k] == rejected[k]) k++;
        k = Math.Min(k, Math.Min(chosen.Count, rejected.Count) - 1);
        while (k > 0 && !(chosen[k].Role == "assistant" && rejected[k].Role == "assistant")) k--;
        return Math.Max(k, 0);
    }
}
