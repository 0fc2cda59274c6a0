using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// TRL unpaired preference rows (KTO): <c>prompt</c>, <c>completion</c> and a boolean <c>label</c> (desirable),
/// standard or conversational; optional <c>score</c>, kept for grouped data.
/// </summary>
public sealed class TrlUnpairedFormat : JsonRowFormat
{
    public override string Name => "trl-unpaired";

    public override string Description => "TRL unpaired feedback (prompt/completion/label[/score]), standard or conversational";

    public override IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Unpaired, DataKind.Grouped];

    protected override IReadOnlyList<Example> Convert(JsonRecord row, DataReadRequest request)
    {
        var prompt = TextOrConversation.Read(row, "prompt");
        var completion = TextOrConversation.Read(row, "completion");
        CompletionChecks.SameForm(row, prompt, completion, "prompt", "completion");
        var text = CompletionChecks.NonEmpty(row, "completion", completion.CompletionText(row, "completion"), request);
        var desirable = row.RequiredBool("label");
        var score = row.OptionalNumber("score");
        if (request.Kind == DataKind.Grouped)
            return [new GroupedExample(row.Id, prompt.ToPrompt(), [new ScoredCompletion(text, score ?? (desirable ? 1 : 0))])];
        return [new UnpairedExample(row.Id, prompt.ToPrompt(), text, desirable)];
    }
}
