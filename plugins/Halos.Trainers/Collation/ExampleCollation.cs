using System.Runtime.CompilerServices;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Data.Batching;
using Halos.Data.Tokenization;
using Halos.Torch;

namespace Halos.Trainers.Collation;

/// <summary>
/// Examples to a <see cref="Batch"/>: rendered with the model's chat template and tokenized with exact prompt masks
/// (<see cref="ExampleEncoder"/>, truncating over-long rows to <see cref="CollateOptions.MaxLength"/>), then padded
/// by <see cref="BatchCollator"/>. The batch owns its tensors, so they are taken out of the caller's dispose scope.
/// </summary>
public static class ExampleCollation
{
    // One encoder per (tokenizer, budgets): building one parses the chat template.
    private static readonly ConditionalWeakTable<ITokenizer, Dictionary<EncodingOptions, ExampleEncoder>> Encoders = new();

    public static Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options)
    {
        var encoded = Encode(examples, tokenizer, options);
        var batch = BatchCollator.Collate(encoded, kind, CollationOptions.For(tokenizer), options.MaxLength);
        foreach (var tensor in batch.Tensors.Values) DisposeScope.Detach(tensor);
        return batch;
    }

    /// <summary>The token sequences of each example, in <see cref="EncodedExample.Sequences"/> order.</summary>
    public static IReadOnlyList<EncodedExample> Encode(IReadOnlyList<Example> examples, ITokenizer tokenizer, CollateOptions options)
    {
        // Rows the policy drops or refuses were removed before training (LengthPolicy in the loop), so
        // truncation here only ever applies what the report at start already announced.
        var encoder = EncoderFor(tokenizer, EncodingOptions.From(options) with { OverLength = OverLengthPolicy.Truncate });
        var encoded = new List<EncodedExample>(examples.Count);
        foreach (var example in examples)
        {
            // Truncation never drops a row, so every example comes back.
            encoded.Add(encoder.Encode(example, out _)
                        ?? throw new DataFormatException(example.Id, null, "the example was dropped by the length policy; a trainer needs every example of a batch"));
        }
        return encoded;
    }

    private static ExampleEncoder EncoderFor(ITokenizer tokenizer, EncodingOptions options)
    {
        var byLimits = Encoders.GetValue(tokenizer, _ => new Dictionary<EncodingOptions, ExampleEncoder>());
        lock (byLimits)
        {
            if (!byLimits.TryGetValue(options, out var encoder)) byLimits[options] = encoder = new ExampleEncoder(tokenizer, options);
            return encoder;
        }
    }
}
