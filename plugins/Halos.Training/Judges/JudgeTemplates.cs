namespace Halos.Training.Judges;

/// <summary>
/// The judge's prompt templates. Placeholders: <c>{prompt}</c>, <c>{completion}</c> (pointwise), <c>{a}</c> and
/// <c>{b}</c> (pairwise). A user's template file replaces the built-in one of its mode and must use the same
/// placeholders; the reply format the parser reads is the template's to ask for.
/// </summary>
public static class JudgeTemplates
{
    public const string Pointwise = """
        You are grading one response to a request. Judge whether it does what was asked, whether it is correct, and
        whether it is clear. Do not reward length for its own sake.

        [Request]
        {prompt}

        [Response]
        {completion}

        Give a short reason, then end with a line of the form "Score: N", where N is a whole number from 1 (useless or
        wrong) to 10 (fully correct and helpful).
        """;

    public const string Pairwise = """
        You are comparing two responses to the same request. Judge which one does what was asked more correctly and
        more helpfully. Ignore which one comes first, and do not prefer the longer one for its length.

        [Request]
        {prompt}

        [Response A]
        {a}

        [Response B]
        {b}

        Give a short reason, then end with a line of the form "Verdict: A" or "Verdict: B".
        """;

    /// <summary>The template of a mode: the user's file, or the built-in one; a file missing a placeholder is refused.</summary>
    public static string Load(string mode, string? path, string where)
    {
        if (path is null) return mode == "pairwise" ? Pairwise : Pointwise;
        if (!File.Exists(path)) throw new InvalidOperationException($"{where}:Template: {path} does not exist");
        var text = File.ReadAllText(path);
        string[] needed = mode == "pairwise" ? ["{prompt}", "{a}", "{b}"] : ["{prompt}", "{completion}"];
        var missing = needed.Where(p => !text.Contains(p, StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"{where}:Template: {path} has no {string.Join(" or ", missing)}; a {mode} template needs {string.Join(", ", needed)}");
        return text;
    }

    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(template, (text, v) => text.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));
}
