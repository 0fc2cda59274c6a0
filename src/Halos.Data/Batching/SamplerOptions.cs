namespace Halos.Data.Batching;

/// <summary>
/// How <see cref="DataSampler"/> orders a dataset. <see cref="GroupByLength"/> draws batches of similar length
/// (less padding): each epoch's shuffled order is cut into windows of <see cref="LengthGroupWindow"/> batches,
/// each window is sorted by length and cut into batches, and the batches are shuffled.
/// </summary>
public sealed record SamplerOptions
{
    public long Seed { get; init; }

    public bool Shuffle { get; init; } = true;

    /// <summary>Leave out a last batch smaller than the batch size (its examples come back next epoch, in another order).</summary>
    public bool DropLast { get; init; }

    public bool GroupByLength { get; init; }

    public int LengthGroupWindow { get; init; } = 50;
}
