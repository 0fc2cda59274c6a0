using Halos.Abstractions.Data;

namespace Halos.Training.Tests.Support;

/// <summary>
/// Learnable SFT data: a prompt of digits, and as completion the successor (mod 10) of its last digit, then
/// the successor of that. The tiny model sees one token at a time, which is exactly enough to learn it.
/// </summary>
public static class SuccessorData
{
    public static IReadOnlyList<Example> Make(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<Example>();
        for (var i = 0; i < count; i++)
        {
            var prompt = new string(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => (char)('0' + random.Next(10))).ToArray());
            var a = (prompt[^1] - '0' + 1) % 10;
            var b = (a + 1) % 10;
            examples.Add(new SftExample($"{seed}-{i}", Prompt.FromText(prompt), $"{a}{b}"));
        }
        return examples;
    }
}
