namespace Halos.Abstractions.Options;

/// <summary>"Did you mean" suggestions for misspelt keys, verbs and plugin names (Levenshtein distance, case-insensitive).</summary>
public static class ClosestName
{
    /// <summary>The candidate nearest to <paramref name="name"/>, if it is close enough to be a plausible typo.</summary>
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        // A third of the length: "LerningRate" finds "LearningRate", "Foo" finds nothing in "Training".
        return best is not null && bestDistance <= Math.Max(1, name.Length / 3) ? best : null;
    }

    public static string Suffix(string name, IEnumerable<string> candidates) =>
        Find(name, candidates) is { } hit ? $"; did you mean '{hit}'?" : "";

    /// <summary>Edit distance where swapping two adjacent letters counts as one edit ("trian" is 1 from "train").</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(d[i - 1, j - 1] + cost, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
