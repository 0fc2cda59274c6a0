namespace Quickstart;

/// <summary>
/// Generates small addition and subtraction word problems from a fixed seed ("Ann has 3 pens and gets 4 more. How
/// many pens now?" → 7). Every (name, thing, a, b, operation) combination is one problem; they are shuffled once and
/// split, so held-out problems are worded combinations the model never saw, over arithmetic facts it can learn.
/// </summary>
public static class ProblemGenerator
{
    private static readonly string[] Names = ["Ann", "Bob", "Eve", "Tom", "Kim", "Max"];
    private static readonly string[] Things = ["pens", "cups", "eggs", "hats", "maps", "keys"];
    private const int Largest = 9;

    /// <summary>Every problem, shuffled by <paramref name="seed"/>.</summary>
    public static IReadOnlyList<ArithmeticProblem> All(int seed)
    {
        var random = new Random(seed);
        var problems = new List<ArithmeticProblem>();
        foreach (var name in Names)
            foreach (var thing in Things)
                for (var a = 1; a <= Largest; a++)
                    for (var b = 1; b <= Largest; b++)
                    {
                        problems.Add(Addition(random, name, thing, a, b));
                        if (a > b) problems.Add(Subtraction(random, name, thing, a, b));
                    }
        return problems.OrderBy(_ => random.Next()).ToList();
    }

    private static ArithmeticProblem Addition(Random random, string name, string thing, int a, int b)
    {
        var answer = a + b;
        // The usual slip: off by one.
        var wrong = answer + (random.Next(2) == 0 ? 1 : -1);
        return new($"{name}-{thing}-{a}+{b}", $"{name} has {a} {thing} and gets {b} more. How many {thing} now?", false, answer, wrong,
            RankedCandidates(random, answer, wrong));
    }

    private static ArithmeticProblem Subtraction(Random random, string name, string thing, int a, int b)
    {
        var answer = a - b;
        // Adding instead of subtracting is the plausible mistake here; off by one when that collides.
        var wrong = a + b;
        return new($"{name}-{thing}-{a}-{b}", $"{name} has {a} {thing} and gives away {b}. How many {thing} now?", true, answer, wrong,
            RankedCandidates(random, answer, answer + (random.Next(2) == 0 ? 1 : -1)));
    }

    /// <summary>The truth, then three wrong answers at distances 1, 2-3 and 4-6 (non-negative), best first.</summary>
    private static IReadOnlyList<int> RankedCandidates(Random random, int answer, int nearest)
    {
        var candidates = new List<int> { answer, nearest < 0 ? answer + 1 : nearest };
        foreach (var (low, high) in new[] { (2, 3), (4, 6) })
        {
            var distance = random.Next(low, high + 1);
            candidates.Add(answer - distance >= 0 && random.Next(2) == 0 ? answer - distance : answer + distance);
        }
        return candidates;
    }
}
