using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Torch;

namespace Halos.Training.Tests.Support;

/// <summary>
/// Trainer "digit-sft" for the tests: prompt + completion token ids, right-padded; the policy's summed
/// log-probability of the completion tokens (each predicted from the token before it) and the completion lengths.
/// </summary>
public sealed class DigitSftTrainer : ITrainerPlugin, ITrainer
{
    public ITrainer CreateTrainer(Halos.Abstractions.Plugins.PluginContext context) => this;
    public string Name => "digit-sft";
    public IReadOnlyCollection<DataKind> Kinds => [DataKind.Sft];

    public Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options)
    {
        var rows = examples.Cast<SftExample>().Select(e => (prompt: tokenizer.Encode(e.Prompt.Text!), completion: tokenizer.Encode(e.Completion))).ToList();
        var length = rows.Max(r => r.prompt.Length + r.completion.Length);
        var ids = new long[rows.Count * length];
        var attention = new long[rows.Count * length];
        var lossMask = new bool[rows.Count * length];
        for (var b = 0; b < rows.Count; b++)
        {
            var tokens = rows[b].prompt.Concat(rows[b].completion).ToArray();
            for (var t = 0; t < tokens.Length; t++)
            {
                ids[b * length + t] = tokens[t];
                attention[b * length + t] = 1;
                lossMask[b * length + t] = t >= rows[b].prompt.Length;
            }
        }
        return new Batch(kind, examples, new Dictionary<string, Tensor>
        {
            ["input_ids"] = DisposeScope.Detach(torch.tensor(ids, rows.Count, length)),
            ["attention_mask"] = DisposeScope.Detach(torch.tensor(attention, rows.Count, length)),
            ["loss_mask"] = DisposeScope.Detach(torch.tensor(lossMask, rows.Count, length)),
        });
    }

    public LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        var ids = batch["input_ids"];
        var logits = ((Abstractions.Models.ICausalLanguageModel)modules.Policy).Logits(ids, batch["attention_mask"]);
        var t = ids.shape[1];
        // Position t predicts token t+1: drop the last logit and the first label.
        var logp = F.log_softmax(logits.narrow(1, 0, t - 1), -1);
        var labels = ids.narrow(1, 1, t - 1);
        var tokenLogps = logp.gather(2, labels.unsqueeze(-1)).squeeze(-1);
        var mask = batch["loss_mask"].narrow(1, 1, t - 1);
        var maskF = mask.to(ScalarType.Float32);
        return new LossInputs
        {
            Policy = (tokenLogps * maskF).sum(1),
            PolicyPerToken = tokenLogps,
            Mask = mask,
            Lengths = maskF.sum(1),
        };
    }

    public IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result) =>
        new Dictionary<string, double>();
}
