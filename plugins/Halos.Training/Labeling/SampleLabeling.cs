using Halos.Data.Output;
using System.Text.Json;
using System.Text.Json.Nodes;
using Halos.Abstractions.Data;
using Halos.Abstractions.Rewards;
using Halos.Abstractions.Running;
using Halos.Data.Reading;
using Halos.Torch;
using Halos.Training.Checkpoints;
using Halos.Training.Rewards;

namespace Halos.Training.Labeling;

/// <summary>
/// <c>halos label --input samples.jsonl</c>: the samples <c>halos sample</c> wrote (K per prompt, grouped by their
/// <c>index</c>), scored by <c>Rewards:Sources</c> as an online run scores its rollouts, written as training data the
/// stock loaders read: with <c>Rewards:LabelAs=pairs</c> each group's best and worst sample as a TRL preference row
/// (<c>prompt</c>, <c>chosen</c>, <c>rejected</c>); with <c>unpaired</c> each sample as a TRL unpaired row
/// (<c>prompt</c>, <c>completion</c>, <c>label</c>). A conversational prompt gets conversational completions. The
/// summary counts what could not be labelled: groups whose best and worst tie, samples every source skipped, and
/// groups with fewer than two scored samples.
/// </summary>
public static class SampleLabeling
{
    private sealed record Sample(JsonElement Prompt, RewardQuery Query);

    public static RunOutcome Run(RunPlan plan, TextWriter standardOutput, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        var input = plan.InputPath ?? throw new InvalidOperationException("label needs --input: halos sample's output (JSON lines)");
        if (!File.Exists(input)) throw new DataFormatException(input, null, "the input file does not exist");
        if (!plan.Rewards.IsSet)
            throw new InvalidOperationException("label needs Rewards:Sources to score the samples, e.g. --Rewards:Sources:0:Type=model --Rewards:Sources:0:Path=REWARD_MODEL_DIR");
        var groups = ReadGroups(input, cancellationToken);
        using var rewards = new RewardCombiner(RewardSources.Build(plan, Device.Parse(plan.Model.Device), logger));
        var samples = groups.SelectMany(g => g).ToList();
        var scored = rewards.Score(samples.Select(s => s.Query).ToList(), cancellationToken);
        var totals = new Dictionary<Sample, double>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < samples.Count; i++) totals[samples[i]] = scored.Totals[i];

        var pairs = plan.Rewards.LabelAs == "pairs";
        long written = 0, ties = 0, unusable = 0, skipped = samples.Count(s => !double.IsFinite(totals[s])), desirable = 0;
        AtomicOutputFile.Write(plan.OutputPath, standardOutput, writer =>
        {
            foreach (var group in groups)
            {
                var usable = group.Where(s => double.IsFinite(totals[s])).ToList();
                if (pairs)
                {
                    if (usable.Count < 2)
                    {
                        unusable++;
                        continue;
                    }
                    // The first of equal rewards wins, so a rerun writes the same pairs.
                    var best = usable.Aggregate((a, b) => totals[b] > totals[a] ? b : a);
                    var worst = usable.Aggregate((a, b) => totals[b] < totals[a] ? b : a);
                    if (totals[best] == totals[worst])
                    {
                        ties++;
                        continue;
                    }
                    writer.WriteLine(new JsonObject
                    {
                        ["prompt"] = JsonNode.Parse(best.Prompt.GetRawText()),
                        ["chosen"] = Completion(best), ["rejected"] = Completion(worst),
                        ["score_chosen"] = totals[best], ["score_rejected"] = totals[worst],
                    }.ToJsonString());
                    written++;
                    continue;
                }
                if (usable.Count == 0)
                {
                    unusable++;
                    continue;
                }
                var mean = usable.Average(s => totals[s]);
                foreach (var sample in usable)
                {
                    bool label;
                    if (plan.Rewards.DesirableAbove is { } threshold) label = totals[sample] >= threshold;
                    else if (totals[sample] == mean)
                    {
                        ties++;
                        continue;
                    }
                    else label = totals[sample] > mean;
                    writer.WriteLine(new JsonObject
                    {
                        ["prompt"] = JsonNode.Parse(sample.Prompt.GetRawText()), ["completion"] = Completion(sample), ["label"] = label,
                        ["score"] = totals[sample],
                    }.ToJsonString());
                    written++;
                    if (label) desirable++;
                }
            }
            return written;
        });

        var metrics = new Dictionary<string, double>
        {
            ["prompts"] = groups.Count, ["samples"] = samples.Count, [pairs ? "pairs" : "rows"] = written,
            ["ties"] = ties, ["skipped_samples"] = skipped, [pairs ? "groups_without_pair" : "groups_without_score"] = unusable,
        };
        if (!pairs) metrics["desirable"] = desirable;
        foreach (var judge in rewards.Sources.Select(s => s.Function).OfType<Judges.JudgeReward>())
        {
            metrics[$"{judge.Name}/requests"] = judge.Client.Requests;
            metrics[$"{judge.Name}/cache_hits"] = judge.Client.CacheHits;
            metrics[$"{judge.Name}/unreadable"] = judge.Unreadable;
            metrics[$"{judge.Name}/order_dependent"] = judge.OrderDependent;
        }
        if (samples.Count > 0 && skipped < samples.Count) metrics["reward"] = samples.Where(s => double.IsFinite(totals[s])).Average(s => totals[s]);
        return new RunOutcome(0, Interrupted: false, plan.OutputPath, metrics);
    }

    /// <summary>A completion as the prompt's form wants it: text after a text prompt, one assistant message after a conversation.</summary>
    private static JsonNode Completion(Sample sample) => sample.Prompt.ValueKind == JsonValueKind.Array
        ? new JsonArray(new JsonObject { ["role"] = "assistant", ["content"] = sample.Query.Completion })
        : JsonValue.Create(sample.Query.Completion);

    /// <summary>The samples grouped by their prompt's <c>index</c>, in the order the prompts first appear.</summary>
    private static List<List<Sample>> ReadGroups(string input, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<long, List<Sample>>();
        var order = new List<List<Sample>>();
        foreach (var (record, error) in JsonRecords.Read(input))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (error is not null) throw error;
            var row = record!;
            if (!row.Has("index") || row.Required("index").ValueKind != JsonValueKind.Number || !row.Required("index").TryGetInt64(out var index))
                throw row.Error("index", "expected the prompt's index, a whole number, as halos sample writes it");
            if (!row.Has("completion") || row.Required("completion").ValueKind != JsonValueKind.String)
                throw row.Error("completion", "expected the sampled completion as a string, as halos sample writes it");
            if (!row.Has("prompt"))
                throw row.Error("prompt", "is missing; label writes training data with a text or conversational prompt (a prompt_ids row has none)");
            var prompt = row.Required("prompt").Clone();
            IReadOnlyList<ChatMessage>? messages = null;
            string promptText;
            if (prompt.ValueKind == JsonValueKind.String) promptText = prompt.GetString()!;
            else if (prompt.ValueKind == JsonValueKind.Array)
            {
                messages = Halos.Data.Formats.TextOrConversation.ReadMessages(row, "prompt", prompt);
                promptText = RewardQuery.TextOf(Prompt.FromMessages(messages));
            }
            else throw row.Error("prompt", $"expected a string or a list of messages, got {JsonRecord.Describe(prompt)}");
            var ids = row.Has("completion_ids") && row.Required("completion_ids").ValueKind == JsonValueKind.Array
                ? row.Required("completion_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray()
                : [];
            var sample = new Sample(prompt, new RewardQuery(row.Id, promptText, messages, row.Required("completion").GetString()!, ids, row.Root.Clone()));
            if (!groups.TryGetValue(index, out var group))
            {
                groups[index] = group = [];
                order.Add(group);
            }
            group.Add(sample);
        }
        return order;
    }
}
