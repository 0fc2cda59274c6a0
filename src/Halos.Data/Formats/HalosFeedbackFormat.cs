using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// HALOs feedback files (what HALOs' label.py writes): items with <c>type</c> <c>binary_feedback</c>
/// (<c>output</c>, <c>label</c> 1/0, optional <c>reward</c>) or <c>pairwise_feedback</c> (<c>output_A</c>,
/// <c>output_B</c>, <c>label</c> 1 when A is preferred, optional <c>reward_A</c>/<c>reward_B</c>), each with a
/// <c>prompt_id</c>, a <c>prompt</c> (messages or text; <c>instruction</c> is the fallback) and an optional
/// <c>split</c>. Items are grouped by prompt_id, in order of first appearance. With a split selected
/// (<c>Split</c> option or <c>file.json#test</c>) an item is read when its split matches or it has none:
/// an item with no split belongs to both train and test. For grouped data, each prompt's binary outputs and
/// rewards form one group.
/// </summary>
public sealed class HalosFeedbackFormat : IDataFormat
{
    public string Name => "halos-feedback";

    public string Description => "HALOs feedback JSON (binary_feedback / pairwise_feedback), grouped by prompt_id, split-aware";

    public IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Unpaired, DataKind.Paired, DataKind.Scored, DataKind.Grouped, DataKind.Sft];

    public IEnumerable<RowOutcome> ReadRows(DataReadRequest request, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<string, List<Feedback>>();
        var order = new List<string>();
        var failures = new List<RowOutcome>();
        foreach (var item in JsonRecords.Read(request.Path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.Error is { } error)
            {
                failures.Add(RowOutcome.Failed(error));
                continue;
            }
            var row = item.Record!;
            string promptId;
            Feedback feedback;
            try
            {
                promptId = PromptId(row);
                var split = row.Has("split") ? row.RequiredString("split") : null;
                if (request.Split is not null && split is not null && split != request.Split) continue;
                feedback = Convert(row, request);
            }
            catch (DataFormatException e)
            {
                failures.Add(RowOutcome.Failed(e));
                continue;
            }
            if (!groups.TryGetValue(promptId, out var group))
            {
                groups[promptId] = group = [];
                order.Add(promptId);
            }
            group.Add(feedback);
        }
        // Rejected rows come first so that, with OnBadRow=error, a bad row stops the read before any example is used.
        foreach (var failure in failures) yield return failure;
        foreach (var promptId in order)
        {
            var group = groups[promptId];
            if (request.Kind == DataKind.Grouped) yield return RowOutcome.Of(Group(group));
            else foreach (var feedback in group) yield return RowOutcome.Of(feedback.Example);
        }
    }

    private static string PromptId(JsonRecord row)
    {
        var value = row.Required("prompt_id");
        return value.ValueKind switch
        {
            JsonValueKind.String => "s:" + value.GetString(),
            JsonValueKind.Number => "n:" + value.GetRawText(),
            _ => throw row.Error("prompt_id", $"expected a string or a number, got {JsonRecord.Describe(value)}"),
        };
    }

    private static Feedback Convert(JsonRecord row, DataReadRequest request)
    {
        var prompt = row.Has("prompt") ? TextOrConversation.Read(row, "prompt") : new TextOrConversation(row.RequiredString("instruction"), null);
        var type = row.RequiredString("type");
        switch (type)
        {
            case "binary_feedback":
            {
                var output = Output(row, "output", prompt, request);
                var desirable = row.RequiredBool("label");
                var reward = row.OptionalNumber("reward");
                return new Feedback(new UnpairedExample(row.Id, prompt.ToPrompt(), output, desirable), [new ScoredCompletion(output, reward ?? (desirable ? 1 : 0))]);
            }
            case "pairwise_feedback":
            {
                var a = Output(row, "output_A", prompt, request);
                var b = Output(row, "output_B", prompt, request);
                var aPreferred = row.RequiredBool("label");
                // Without rewards a pair still orders its outputs: the preferred one above the other.
                var scoreA = row.OptionalNumber("reward_A") ?? (aPreferred ? 1 : 0);
                var scoreB = row.OptionalNumber("reward_B") ?? (aPreferred ? 0 : 1);
                var pair = aPreferred ? new PairedExample(row.Id, prompt.ToPrompt(), a, b) : new PairedExample(row.Id, prompt.ToPrompt(), b, a);
                return new Feedback(pair, [new ScoredCompletion(a, scoreA), new ScoredCompletion(b, scoreB)]);
            }
            default:
                throw row.Error("type", $"'{type}' is not a feedback type; expected binary_feedback or pairwise_feedback");
        }
    }

    private static string Output(JsonRecord row, string field, TextOrConversation prompt, DataReadRequest request)
    {
        var output = TextOrConversation.Read(row, field);
        // HALOs writes outputs as message lists even for text prompts, so the form check is one-way.
        if (prompt.IsConversational && !output.IsConversational)
            throw row.Error(field, "'prompt' is a conversation but this output is text; expected [{\"role\": \"assistant\", \"content\": ...}]");
        return CompletionChecks.NonEmpty(row, field, output.CompletionText(row, field), request);
    }

    /// <summary>A prompt's feedback as one group: each distinct output once, with its reward.</summary>
    private static GroupedExample Group(List<Feedback> group)
    {
        var completions = new List<ScoredCompletion>();
        foreach (var scored in group.SelectMany(f => f.Scores))
            if (completions.All(c => c.Completion != scored.Completion)) completions.Add(scored);
        return new GroupedExample(group[0].Example.Id, group[0].Example.Prompt, completions);
    }

    /// <summary>One feedback item: its example, and its outputs with rewards for grouped data.</summary>
    private sealed record Feedback(Example Example, IReadOnlyList<ScoredCompletion> Scores);
}
