using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Abstractions.Rewards;
using Halos.Data.Tokenization;
using Halos.Training.Scoring;

namespace Halos.Training.Rewards;

/// <summary>
/// Reward source <c>model</c>: a sequence-classification checkpoint scores each (prompt, completion) as
/// <c>halos score</c> and reward training encode it: a conversation with the completion as the assistant's reply,
/// through the reward model's own chat template; a text prompt with the completion and EOS appended. Rows are held to
/// <c>MaxLength</c> (truncating the prompt's oldest turns first). The model is frozen and runs without gradients.
/// </summary>
public sealed class RewardModelReward : IRewardFunction, IDisposable
{
    private readonly Halos.Torch.NN.Module _module;
    private readonly ISequenceScorer _scorer;
    private readonly ExampleEncoder _encoder;
    private readonly long _pad;
    private readonly ModelSpec _spec;
    private readonly int _batchSize;

    public RewardModelReward(string name, IModelBuilder plugin, ModelSpec spec, int maxLength, int batchSize)
    {
        Name = name;
        _spec = spec;
        _batchSize = batchSize;
        RewardCheckpointCheck.Require(spec);
        _module = plugin.Build(spec, ModelRole.Reward);
        _scorer = _module as ISequenceScorer
                  ?? throw new ModelSpecException($"{spec}: a reward source of type 'model' needs a sequence classifier; the model plugin built a {_module.GetType().Name}");
        _module.eval();
        var tokenizer = plugin.LoadTokenizer(spec);
        // A row longer than the reward model's positions could not be scored at all: hold rows to them too.
        if (Positions(spec.Checkpoint) is { } positions && (maxLength <= 0 || maxLength > positions)) maxLength = positions;
        _encoder = new ExampleEncoder(tokenizer, new EncodingOptions { MaxLength = maxLength, OverLength = OverLengthPolicy.Truncate });
        _pad = _scorer.PadTokenId ?? tokenizer.PadTokenId ?? tokenizer.EosTokenId ?? 0;
    }

    public string Name { get; }

    public IReadOnlyList<double?> Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken)
    {
        var rewards = new List<double?>(queries.Count);
        foreach (var chunk in queries.Chunk(_batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = chunk.Select(Encode).ToList();
            rewards.AddRange(ConversationScoring.Score(_scorer, rows, _pad, _spec.Device).Select(s => (double?)s));
        }
        return rewards;
    }

    private int[] Encode(RewardQuery query)
    {
        var prompt = query.Messages is { } messages ? Prompt.FromMessages(messages) : Prompt.FromText(query.PromptText);
        var encoded = _encoder.Encode(new SftExample(query.RowId, prompt, query.Completion), out _)
                      ?? throw new InvalidOperationException($"{query.RowId}: the reward model's length policy dropped the row");
        return encoded.Sequences[0].Ids;
    }

    /// <summary>The checkpoint's position limit from its config.json (n_positions or max_position_embeddings), if it names one.</summary>
    private static int? Positions(string? checkpoint)
    {
        var config = checkpoint is null ? null : Path.Combine(checkpoint, "config.json");
        if (config is null || !File.Exists(config)) return null;
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        foreach (var key in new[] { "n_positions", "max_position_embeddings" })
            if (json.RootElement.TryGetProperty(key, out var value) && value.TryGetInt32(out var positions) && positions > 0) return positions;
        return null;
    }

    public void Dispose() => _module.Dispose();
}
