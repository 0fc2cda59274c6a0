using Halos.Abstractions.Data;

namespace Halos.Trainers.Tests.Support;

/// <summary>
/// A learnable synthetic task: the prompt "x=" names a letter, and the right answer repeats it ("xxx"). Wrong answers
/// repeat another letter. A model can only prefer the right answer by reading the prompt, so rising reward accuracy
/// means it learned the task, not a fixed string.
/// </summary>
public static class CopyTask
{
    private const string Letters = "abcdefgh";

    private static (Prompt prompt, string right, string wrong, string worse) Item(int i)
    {
        var letter = Letters[i % Letters.Length];
        var other = Letters[(i + 1 + i / Letters.Length % (Letters.Length - 1)) % Letters.Length];
        // The worst answer is wrong and short, so a ranked list's lower pair is learnable too.
        return (Prompt.FromText($"{letter}="), new string(letter, 3), new string(other, 3), new string(other, 1));
    }

    public static IReadOnlyList<Example> Sft(int n) =>
        Enumerable.Range(0, n).Select(i => (Example)new SftExample($"s{i}", Item(i).prompt, Item(i).right)).ToList();

    public static IReadOnlyList<Example> Paired(int n) =>
        Enumerable.Range(0, n).Select(i => (Example)new PairedExample($"p{i}", Item(i).prompt, Item(i).right, Item(i).wrong)).ToList();

    public static IReadOnlyList<Example> Unpaired(int n) =>
        Enumerable.Range(0, n).Select(i => (Example)(i % 2 == 0
            ? new UnpairedExample($"u{i}", Item(i).prompt, Item(i).right, true)
            : new UnpairedExample($"u{i}", Item(i).prompt, Item(i).wrong, false))).ToList();

    public static IReadOnlyList<Example> Ranked(int n) =>
        Enumerable.Range(0, n).Select(i => (Example)new RankedExample($"r{i}", Item(i).prompt, [Item(i).right, Item(i).wrong, Item(i).worse])).ToList();

    public static IReadOnlyList<Example> Grouped(int n) =>
        Enumerable.Range(0, n).Select(i => (Example)new GroupedExample($"g{i}", Item(i).prompt,
            [new ScoredCompletion(Item(i).right, 1), new ScoredCompletion(Item(i).wrong, 0), new ScoredCompletion(Item(i).worse, 0), new ScoredCompletion(Item(i).right, 1)])).ToList();
}
