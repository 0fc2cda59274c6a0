using System.Security.Cryptography;
using System.Text;
using Halos.Abstractions.Data;
using Halos.Abstractions.Training;
using Halos.Torch;

namespace Halos.Trainers.Reference;

/// <summary>
/// <c>Training:LoopOptions:Reference=precomputed</c>: one pass of the reference over every example of the run before the first
/// step, saved under <c>Training:LoopOptions:ReferenceCache</c> in a file named by the hash of the data (the row keys) and of the
/// reference weights (in a LoRA run, the policy's). A later run over the same data with the same reference reads the file instead of recomputing.
/// </summary>
public static class ReferencePrecomputation
{
    /// <param name="collate">The trainer's collation (rows with prefix "" are the ones cached).</param>
    /// <param name="log">Where to say whether the cache was reused or written.</param>
    public static PrecomputedReference Prepare(TrainerPreparation preparation, Func<IReadOnlyList<Example>, Batch> collate, Action<string>? log = null)
    {
        var modules = preparation.Modules;
        var live = LiveReference.OrNull(modules)
                   ?? throw new InvalidOperationException(
                       $"Training:LoopOptions:Reference=precomputed: loss '{preparation.Loss.Name}' uses a reference, but the run built no reference model to precompute it with");
        // A LoRA run's reference is its policy with the adapters off. Hashing the whole policy covers the adapters'
        // random initialisation too: a cache is then reused only by runs with the same base and seed, never wrongly.
        var reference = modules.Reference ?? modules.Policy;
        var chunks = preparation.Examples.Chunk(Math.Max(1, preparation.Training.BatchSize)).ToList();

        // The data hash needs every row key, which needs collation; keys are cheap next to forwards.
        var rowKeys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            using var batch = collate(chunk);
            foreach (var key in RowKey.Of(batch)) rowKeys.Add(RowKey.Hex(key));
        }
        var dataHash = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join("\n", rowKeys)))).ToLowerInvariant();
        var modelHash = ModelHash.Of(reference);
        var path = ReferenceLogProbFile.PathFor(preparation.PrecomputeReferenceIn ?? throw new InvalidOperationException("the loop asked for no precomputed reference (TrainerPreparation.PrecomputeReferenceIn is null)"), dataHash, modelHash);

        if (File.Exists(path))
        {
            var cached = ReferenceLogProbFile.Load(path);
            if (rowKeys.All(cached.ContainsKey))
            {
                log?.Invoke($"reference log-probs: reusing {path} ({cached.Count} rows)");
                return new PrecomputedReference(cached, path, live);
            }
        }

        var table = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            using var scope = torch.NewDisposeScope();
            using var batch = collate(chunk);
            var keys = RowKey.Of(batch);
            var logProbs = live.LogProbs(batch);
            var values = logProbs.PerToken.to(Device.CPU).data<float>();
            var mask = logProbs.Mask.to(Device.CPU).data<bool>();
            var width = (int)logProbs.Mask.size(1);
            for (var r = 0; r < keys.Length; r++)
            {
                var row = new List<float>();
                for (var t = 0; t < width; t++)
                    if (mask[r * width + t]) row.Add(values[r * width + t]);
                table[RowKey.Hex(keys[r])] = row.ToArray();
            }
        }
        ReferenceLogProbFile.Save(path, table, dataHash, modelHash);
        log?.Invoke($"reference log-probs: computed {table.Count} rows into {path}");
        return new PrecomputedReference(table, path, live);
    }
}
