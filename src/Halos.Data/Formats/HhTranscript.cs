using Halos.Abstractions.Data;

namespace Halos.Data.Formats;

/// <summary>
/// Anthropic HH transcripts: turns introduced by <c>\n\nHuman:</c> and <c>\n\nAssistant:</c>. Consecutive turns
/// of one speaker (a handful of HH rows have two assistant turns in a row) are merged, so templates that
/// require alternating roles accept the result.
/// </summary>
public static class HhTranscript
{
    private const string Human = "\n\nHuman:";
    private const string Assistant = "\n\nAssistant:";

    /// <summary>The turns, or null with <paramref name="problem"/> set when the text is not an HH transcript.</summary>
    public static IReadOnlyList<ChatMessage>? Parse(string text, out string? problem)
    {
        problem = null;
        var turns = new List<ChatMessage>();
        var at = NextMarker(text, 0, out var role);
        if (at != 0)
        {
            problem = at < 0 ? "no '\\n\\nHuman:' or '\\n\\nAssistant:' turn markers" : "text before the first '\\n\\nHuman:' turn";
            return null;
        }
        while (at >= 0)
        {
            var start = at + (role == "user" ? Human.Length : Assistant.Length);
            var next = NextMarker(text, start, out var nextRole);
            var content = text[start..(next < 0 ? text.Length : next)].Trim();
            if (turns.Count > 0 && turns[^1].Role == role)
                turns[^1] = turns[^1] with { Content = turns[^1].Content + "\n\n" + content };
            else turns.Add(new ChatMessage(role, content));
            (at, role) = (next, nextRole);
        }
        return turns;
    }

    private static int NextMarker(string text, int from, out string role)
    {
        var human = text.IndexOf(Human, from, StringComparison.Ordinal);
        var assistant = text.IndexOf(Assistant, from, StringComparison.Ordinal);
        if (human >= 0 && (assistant < 0 || human < assistant))
        {
            role = "user";
            return human;
        }
        role = "assistant";
        return assistant;
    }
}
