namespace Halos.Data.Batching;

/// <summary>
/// A deterministic batch order over a dataset: epoch e's order is a function of (seed, e) alone, so a run
/// restarted from a saved <see cref="DataPosition"/> continues with exactly the batch it would have drawn.
/// </summary>
public sealed class DataSampler
{
    private readonly int _count;
    private readonly int _batchSize;
    private readonly SamplerOptions _options;
    private readonly IReadOnlyList<int>? _lengths;
    private IReadOnlyList<int[]> _epochBatches;

    /// <param name="lengths">Per-example lengths (e.g. <see cref="Tokenization.EncodedExample.MaxLength"/>); required with <see cref="SamplerOptions.GroupByLength"/>.</param>
    public DataSampler(int count, int batchSize, SamplerOptions options, IReadOnlyList<int>? lengths = null)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "the dataset is empty; nothing to sample");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "the batch size must be positive");
        if (options.DropLast && batchSize > count) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"with drop-last, a batch of {batchSize} from {count} examples leaves no batch");
        if (options.MinLastBatch > Math.Min(batchSize, count))
            throw new ArgumentOutOfRangeException(nameof(options), options.MinLastBatch,
                $"a batch needs at least {options.MinLastBatch} examples (one per rank), but the batch size is {batchSize} and the dataset has {count}");
        if (options.GroupByLength && (lengths is null || lengths.Count != count))
            throw new ArgumentException($"grouping by length needs one length per example ({count}), got {lengths?.Count.ToString() ?? "none"}", nameof(lengths));
        _count = count;
        _batchSize = batchSize;
        _options = options;
        _lengths = lengths;
        Position = new DataPosition(0, 0, options.Seed, count, batchSize);
        _epochBatches = EpochBatches(0);
    }

    /// <summary>The position of the next batch <see cref="Next"/> returns.</summary>
    public DataPosition Position { get; private set; }

    public int BatchesPerEpoch => _count / _batchSize + (_count % _batchSize >= SmallestBatch ? 1 : 0);

    /// <summary>The fewest examples a batch may have: the batch size with drop-last, else <see cref="SamplerOptions.MinLastBatch"/>.</summary>
    private int SmallestBatch => _options.DropLast ? _batchSize : Math.Max(1, _options.MinLastBatch);

    /// <summary>The indices of the next batch; moves to the next epoch after the last one.</summary>
    public int[] Next()
    {
        if (Position.Batch >= _epochBatches.Count)
        {
            Position = Position with { Epoch = Position.Epoch + 1, Batch = 0 };
            _epochBatches = EpochBatches(Position.Epoch);
        }
        var batch = _epochBatches[Position.Batch];
        Position = Position with { Batch = Position.Batch + 1 };
        return batch;
    }

    /// <summary>Continues from a saved position; refuses one saved for another seed, dataset size or batch size.</summary>
    public void Restore(DataPosition position)
    {
        if (position.Seed != _options.Seed || position.DatasetSize != _count || position.BatchSize != _batchSize)
            throw new InvalidOperationException(
                $"the saved data position is for seed {position.Seed}, {position.DatasetSize} examples, batch size {position.BatchSize}; " +
                $"this run has seed {_options.Seed}, {_count} examples, batch size {_batchSize}, so the data order would differ");
        if (position.Epoch < 0 || position.Batch < 0 || position.Batch > BatchesPerEpoch)
            throw new InvalidOperationException($"the saved data position (epoch {position.Epoch}, batch {position.Batch}) is out of range ({BatchesPerEpoch} batches per epoch)");
        _epochBatches = EpochBatches(position.Epoch);
        Position = position;
    }

    /// <summary>All batches of one epoch, in order.</summary>
    public IReadOnlyList<int[]> EpochBatches(int epoch)
    {
        var order = Enumerable.Range(0, _count).ToArray();
        var random = SeededRandom.For(_options.Seed, epoch);
        if (_options.Shuffle) random.Shuffle(order);
        List<int[]> batches;
        if (_options.GroupByLength)
        {
            batches = [];
            var window = _batchSize * Math.Max(1, _options.LengthGroupWindow);
            for (var start = 0; start < order.Length; start += window)
            {
                // Stable sort, longest first, so ties keep the shuffled order.
                var sorted = order.Skip(start).Take(window).OrderByDescending(i => _lengths![i]).ToArray();
                batches.AddRange(sorted.Chunk(_batchSize));
            }
            batches.RemoveAll(b => b.Length < SmallestBatch);
            if (_options.Shuffle) random.Shuffle(batches);
        }
        else
        {
            batches = order.Chunk(_batchSize).ToList();
            if (batches[^1].Length < SmallestBatch) batches.RemoveAt(batches.Count - 1);
        }
        return batches;
    }
}
