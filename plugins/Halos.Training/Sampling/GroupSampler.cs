using Halos.Abstractions.Generation;
using Halos.Abstractions.Models;
using Halos.Torch;

namespace Halos.Training.Sampling;

/// <summary>
/// K completions for each prompt, decoded in batches of a fixed number of sequences. Completion k of prompt i draws
/// from random stream (i, k) (<see cref="CounterRandom.Stream"/>), so what a prompt gets depends on the seed alone,
/// not on the batch size or the other prompts.
/// </summary>
public sealed class GroupSampler(IGenerativeLanguageModel model, Device device, ITokenizer tokenizer, SamplingOptions options, int batchSize)
{
    /// <summary>Generated tokens so far and the seconds spent generating them, for tokens/s.</summary>
    public long GeneratedTokens { get; private set; }

    public double Seconds { get; private set; }

    /// <summary>Prompt-major: prompt 0's K samples, then prompt 1's.</summary>
    public IEnumerable<SampledCompletion> Sample(IEnumerable<PromptRow> prompts, int samplesPerPrompt, CancellationToken cancellationToken = default)
    {
        var pending = new List<(PromptRow Row, int[] Ids, int Sample)>();
        foreach (var row in prompts)
        {
            var ids = row.Encode(tokenizer);
            for (var k = 0; k < samplesPerPrompt; k++)
            {
                pending.Add((row, ids, k));
                if (pending.Count < batchSize) continue;
                foreach (var done in Flush(pending, cancellationToken)) yield return done;
            }
        }
        foreach (var done in Flush(pending, cancellationToken)) yield return done;
    }

    private List<SampledCompletion> Flush(List<(PromptRow Row, int[] Ids, int Sample)> pending, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (pending.Count == 0) return [];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sequences = BatchSampler.Generate(model, device, pending.Select(p => p.Ids).ToList(), options,
            pending.Select(p => CounterRandom.Stream(p.Row.Index, p.Sample)).ToList(), tokenizer);
        Seconds += clock.Elapsed.TotalSeconds;
        GeneratedTokens += sequences.Sum(s => (long)s.TokenIds.Length);
        var done = pending.Select((p, i) => new SampledCompletion(p.Row, p.Ids, p.Sample, sequences[i],
            tokenizer.Decode(sequences[i].TokenIds, skipSpecialTokens: true))).ToList();
        pending.Clear();
        return done;
    }
}
