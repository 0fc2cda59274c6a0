using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Batching;
using Halos.Data.Derived;
using Halos.Data.Tokenization;
using Halos.Torch;

namespace Halos.Data.Tests;

public class BatchingTests
{
    private static EncodedExample Pair(string id, int[] prompt, int[] chosen, int[] rejected, double? margin = null) =>
        new(new PairedExample(id, Prompt.FromText("p"), "c", "r", margin), [TokenSequence.Concat(prompt, chosen), TokenSequence.Concat(prompt, rejected)]);

    private static EncodedExample Unpaired(string id, int[] prompt, int[] completion, bool desirable) =>
        new(new UnpairedExample(id, Prompt.FromText("p"), "c", desirable), [TokenSequence.Concat(prompt, completion)]);

    [Fact]
    public void PairsConcatenateChosenThenRejectedPaddedToTheLongest()
    {
        using var batch = BatchCollator.Collate([Pair("a", [1, 2], [3], [4, 5, 6], 1.5), Pair("b", [7], [8, 9], [10])], DataKind.Paired, new CollationOptions(PadTokenId: 0));
        Assert.Equal([4L, 5L], batch["input_ids"].shape);
        Assert.Equal([1L, 2, 3, 0, 0, 7, 8, 9, 0, 0, 1, 2, 4, 5, 6, 7, 10, 0, 0, 0], batch["input_ids"].data<long>());
        Assert.Equal([false, false, true, false, false, false, true, true, false, false, false, false, true, true, true, false, true, false, false, false], batch["loss_mask"].data<bool>());
        Assert.Equal([true, true, true, false, false], batch["attention_mask"].data<bool>().Take(5));
        Assert.Equal([1.5f, 0f], batch["margin"].data<float>());
    }

    [Fact]
    public void PaddingRoundsUpToAMultipleOf8AndCanGoLeft()
    {
        using var batch = BatchCollator.Collate([Pair("a", [1, 2], [3], [4, 5, 6])], DataKind.Paired, new CollationOptions(PadTokenId: 99, PaddingSide.Left, PadToMultipleOf: 8));
        Assert.Equal([2L, 8L], batch["input_ids"].shape);
        Assert.Equal([99L, 99, 99, 99, 99, 1, 2, 3], batch["input_ids"].data<long>().Take(8));
        Assert.Equal([false, false, false, false, false, false, false, true], batch["loss_mask"].data<bool>().Take(8));
        Assert.False(batch.Tensors.ContainsKey("margin"));
    }

    [Fact]
    public void UnpairedBatchesCarryKtoMismatchedPairsPromptIWithCompletionIPlus1()
    {
        using var batch = BatchCollator.Collate(
            [Unpaired("a", [1], [11, 12], true), Unpaired("b", [2, 2], [21], false), Unpaired("c", [3], [31, 32, 33], true)],
            DataKind.Unpaired, new CollationOptions(0));
        Assert.Equal([true, false, true], batch["desirable"].data<bool>());
        Assert.Equal([3L, 5L], batch["kl_input_ids"].shape);
        Assert.Equal([1L, 21, 0, 0, 0, 2, 2, 31, 32, 33, 3, 11, 12, 0, 0], batch["kl_input_ids"].data<long>());
        Assert.Equal([false, true, false, false, false, false, false, true, true, true, false, true, true, false, false], batch["kl_loss_mask"].data<bool>());
    }

    [Fact]
    public void KlPairsRespectMaxLength()
    {
        var pairs = KtoMismatchedPairs.Build([TokenSequence.Concat([1, 1], [5]), TokenSequence.Concat([2], [6, 6, 6, 6])], maxLength: 4);
        Assert.Equal([1, 1, 6, 6], pairs[0].Ids);
        Assert.Equal([2, 5], pairs[1].Ids);
    }

    [Fact]
    public void RankedListsFlattenWithAMaskForShorterLists()
    {
        var three = new EncodedExample(new RankedExample("r", Prompt.FromText(""), ["a", "b", "c"]),
            [TokenSequence.Concat([1], [2]), TokenSequence.Concat([1], [3]), TokenSequence.Concat([1], [4])]);
        var two = new EncodedExample(new RankedExample("s", Prompt.FromText(""), ["a", "b"]), [TokenSequence.Concat([5], [6]), TokenSequence.Concat([5], [7])]);
        using var batch = BatchCollator.Collate([three, two], DataKind.Ranked, new CollationOptions(0));
        Assert.Equal([6L, 2L], batch["input_ids"].shape);
        Assert.Equal([true, true, true, true, true, false], batch["list_mask"].data<bool>());
        Assert.Equal([5L, 0], batch["input_ids"].data<long>().Skip(10)); // the missing third item is the prompt alone
    }

    [Fact]
    public void SubsamplingKeepsExactSeededFractionsOfEachClass()
    {
        var rows = Enumerable.Range(0, 100).Select(i => (Example)new UnpairedExample($"{i}", Prompt.FromText(""), "c", Desirable: i < 60)).ToList();
        var kept = DesirabilitySubsampling.Apply(rows, fracDesirable: 0.5, fracUndesirable: 0.25, seed: 7).Cast<UnpairedExample>().ToList();
        Assert.Equal((30, 10), (kept.Count(e => e.Desirable), kept.Count(e => !e.Desirable)));
        Assert.Equal(kept.Select(e => e.Id), DesirabilitySubsampling.Apply(rows, 0.5, 0.25, seed: 7).Select(e => e.Id));
        Assert.NotEqual(kept.Select(e => e.Id), DesirabilitySubsampling.Apply(rows, 0.5, 0.25, seed: 8).Select(e => e.Id));
        Assert.Equal(kept.Select(e => int.Parse(e.Id)).Order(), kept.Select(e => int.Parse(e.Id))); // original order kept
    }
}
