using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Plugins;
using Halos.Abstractions.Training;
using Halos.Torch;

namespace HalosPlugin;

/// <summary>
/// The trainer "my-plugin": supervised fine-tuning on text prompts. It tokenizes each example itself (prompt, then
/// completion and EOS), pads the batch, and hands a loss script the completion's log-probs under the policy:
/// <c>Policy</c> [B], <c>PolicyPerToken</c> and <c>Mask</c> [B, T], <c>Lengths</c> [B] (what <c>losses/sft.csx</c>
/// reads). Use it with <c>--Training:Trainer=my-plugin --Loss:Script=sft</c>; its settings are
/// <c>Training:TrainerOptions:*</c>.
/// </summary>
public sealed class TrainerPlugin : ITrainerPlugin, IConfigurablePlugin
{
    public string Name => "my-plugin";

    public string Description => "Supervised fine-tuning on text prompts";

    public IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Sft];

    /// <summary>The host checks <c>Training:TrainerOptions</c> against this class at start-up.</summary>
    public Type OptionsType => typeof(TrainerPluginOptions);

    /// <summary>For each run: a trainer with the run's settings (bound and checked by the host) and logger.</summary>
    public ITrainer CreateTrainer(PluginContext context) => new SftTrainer(context.OptionsAs<TrainerPluginOptions>());
}

/// <summary>One run's trainer; state that lasts the run belongs here, never in statics.</summary>
public sealed class SftTrainer(TrainerPluginOptions settings) : ITrainer
{
    public Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options)
    {
        var rows = examples.Select(e =>
        {
            var sft = e as SftExample ?? throw new DataFormatException(e.Id, null, $"trainer 'my-plugin' reads SFT examples, not {e.GetType().Name}");
            var prompt = tokenizer.Encode(sft.Prompt.Text ?? throw new DataFormatException(e.Id, null, "give a text prompt"));
            int[] completion = [.. tokenizer.Encode(sft.Completion, addSpecialTokens: false), .. tokenizer.EosTokenId is { } eos ? [eos] : Array.Empty<int>()];
            var ids = prompt.Concat(completion).Take(Math.Min(options.MaxLength, settings.MaxTokens)).ToArray();
            return (Ids: ids, PromptLength: Math.Min(prompt.Length, ids.Length));
        }).ToList();
        var width = rows.Max(r => r.Ids.Length);
        var pad = tokenizer.PadTokenId ?? 0;
        var ids = new long[rows.Count * width];
        var labelled = new bool[rows.Count * width];
        for (var r = 0; r < rows.Count; r++)
            for (var t = 0; t < width; t++)
            {
                ids[r * width + t] = t < rows[r].Ids.Length ? rows[r].Ids[t] : pad;
                // Position t predicts token t + 1: a completion token when t + 1 is past the prompt.
                labelled[r * width + t] = t + 1 < rows[r].Ids.Length && t + 1 >= rows[r].PromptLength;
            }
        var tensors = new Dictionary<string, Tensor>
        {
            ["input_ids"] = DisposeScope.Detach(torch.tensor(ids, rows.Count, width)),
            ["labelled"] = DisposeScope.Detach(torch.tensor(labelled, rows.Count, width)),
        };
        return new Batch(kind, examples, tensors);
    }

    public LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        var model = modules.Policy as ICausalLanguageModel ?? throw new InvalidOperationException("trainer 'my-plugin' needs a causal language model");
        var ids = batch["input_ids"].to(modules.Device);
        var mask = batch["labelled"].to(modules.Device);
        var logits = model.Logits(ids, torch.ones_like(ids));
        var next = torch.cat([ids.slice(1, 1), ids.slice(1, 0, 1)], 1); // the token each position predicts (the last one, masked, wraps)
        var perToken = F.log_softmax(logits.to(ScalarType.Float32), -1).gather(-1, next.unsqueeze(-1)).squeeze(-1) * mask.to(ScalarType.Float32);
        return new LossInputs
        {
            PolicyPerToken = perToken,
            Policy = perToken.sum(-1),
            Mask = mask,
            Lengths = mask.sum(-1).to(ScalarType.Float32),
        };
    }

    public IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result) => new Dictionary<string, double>();
}

/// <summary>The trainer's settings, <c>Training:TrainerOptions:*</c>.</summary>
public sealed class TrainerPluginOptions
{
    /// <summary>Tokens kept per example (prompt + completion), besides Data:MaxLength.</summary>
    [System.ComponentModel.DataAnnotations.Range(2, 1 << 20)]
    public int MaxTokens { get; set; } = 1 << 20;
}
