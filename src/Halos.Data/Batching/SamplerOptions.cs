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

    /// <summary>
    /// Leave out a last batch with fewer examples than this (1 keeps every batch). A data-parallel run sets it to
    /// its number of ranks: a global microbatch must give every rank at least one example.
    /// </summary>
    public int MinLastBatch { get; init; } = 1;

    public bool GroupByLength { get; init; }

    public int LengthGroupWindow { get; init; } = 50;
}
