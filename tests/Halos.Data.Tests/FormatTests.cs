using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Tests.Support;
using static Halos.Data.Tests.Support.TestPaths;

namespace Halos.Data.Tests;

public class FormatTests
{
    [Fact]
    public void TrlPreferenceStandardReadsExplicitAndImplicitPrompts()
    {
        var pairs = Read.All("trl-preference", Fixture("trl-preference-standard.jsonl"), DataKind.Paired).Cast<PairedExample>().ToList();
        Assert.Equal(2, pairs.Count);
        Assert.Equal(("The sky is", " blue.", " green.", 2.5), (pairs[0].Prompt.Text, pairs[0].Chosen, pairs[0].Rejected, pairs[0].Margin));
        // Implicit: the common prefix, with the space before the divergent word kept in the completions.
        Assert.Equal("The capital of France is", pairs[1].Prompt.Text);
        Assert.Equal((" Paris.", " Lyon.", (double?)null), (pairs[1].Chosen, pairs[1].Rejected, pairs[1].Margin));
        Assert.Equal("trl-preference-standard.jsonl:2", pairs[1].Id);
    }

    [Fact]
    public void TrlPreferenceConversationalReadsExplicitAndImplicitPrompts()
    {
        var pairs = Read.All("trl-preference", Fixture("trl-preference-conversational.json"), DataKind.Paired).Cast<PairedExample>().ToList();
        Assert.Equal([new ChatMessage("user", "What color is the sky?")], pairs[0].Prompt.Messages!);
        Assert.Equal(("It is blue.", "It is green."), (pairs[0].Chosen, pairs[0].Rejected));
        Assert.Equal(3, pairs[1].Prompt.Messages!.Count);
        Assert.Equal(new ChatMessage("user", "2+2?"), pairs[1].Prompt.Messages![2]);
        Assert.Equal(("4", "5"), (pairs[1].Chosen, pairs[1].Rejected));
        // JSON arrays carry the line each element starts on.
        Assert.Equal(["trl-preference-conversational.json:2", "trl-preference-conversational.json:7"], pairs.Select(p => p.Id));
    }

    [Fact]
    public void GzippedJsonArrayReads()
    {
        var pair = Assert.IsType<PairedExample>(Assert.Single(Read.All("trl-preference", Fixture("trl-preference-array.json.gz"), DataKind.Paired)));
        Assert.Equal(("Q", " yes", " no"), (pair.Prompt.Text, pair.Chosen, pair.Rejected));
    }

    [Fact]
    public void PretokenizedPairsDropMaskedPaddingInBothColumnStyles()
    {
        var pairs = Read.All("trl-pretokenized", Fixture("trl-pretokenized.jsonl"), DataKind.Scored).Cast<TokenizedPairedExample>().ToList();
        Assert.Equal([1, 5, 6], pairs[0].ChosenIds);
        Assert.Equal([1, 5, 7, 8], pairs[0].RejectedIds);
        Assert.Equal(0.5, pairs[0].Margin);
        Assert.Equal([3, 4], pairs[1].ChosenIds);
        Assert.Equal([3, 9, 9], pairs[1].RejectedIds);
        Assert.Null(pairs[1].Margin);
    }

    [Fact]
    public void TrlUnpairedReadsBothForms()
    {
        var rows = Read.All("trl-unpaired", Fixture("trl-unpaired.jsonl"), DataKind.Unpaired).Cast<UnpairedExample>().ToList();
        Assert.Equal(("The sky is", " blue.", true), (rows[0].Prompt.Text, rows[0].Completion, rows[0].Desirable));
        Assert.Equal(("Yes.", false), (rows[1].Completion, rows[1].Desirable));
        Assert.True(rows[1].Prompt.IsConversational);
        var grouped = Read.All("trl-unpaired", Fixture("trl-unpaired.jsonl"), DataKind.Grouped).Cast<GroupedExample>().ToList();
        Assert.Equal(-1.5, grouped[1].Completions[0].Score);
    }

    [Fact]
    public void SftReadsPromptCompletionMessagesAndText()
    {
        var rows = Read.All("sft", Fixture("sft.jsonl"), DataKind.Sft).Cast<SftExample>().ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(("Translate 'chat':", " cat"), (rows[0].Prompt.Text, rows[0].Completion));
        Assert.Equal(["system", "user"], rows[1].Prompt.Messages!.Select(m => m.Role));
        Assert.Equal("Hello.", rows[1].Completion);
        Assert.Equal("Hey.", rows[2].Completion);
        Assert.Equal(("", "Plain language-modelling text."), (rows[3].Prompt.Text, rows[3].Completion));
    }

    [Fact]
    public void HalosFeedbackGroupsByPromptIdAndSplitsWithItemsWithoutSplitInBoth()
    {
        var all = Read.All("halos-feedback", Fixture("halos-feedback.json"), DataKind.Unpaired).Cast<UnpairedExample>().ToList();
        // Grouped by prompt_id in order of first appearance: prompt 1's two outputs come together.
        Assert.Equal(["Apple.", "Rock.", "Table.", "Hi!"], all.Select(e => e.Completion));
        Assert.Equal([true, false, false, true], all.Select(e => e.Desirable));

        var train = Read.All("halos-feedback", Fixture("halos-feedback.json"), DataKind.Unpaired, split: "train").Cast<UnpairedExample>();
        Assert.Equal(["Apple.", "Rock.", "Table."], train.Select(e => e.Completion));
        var test = Read.All("halos-feedback", Fixture("halos-feedback.json"), DataKind.Unpaired, split: "test").Cast<UnpairedExample>();
        Assert.Equal(["Table.", "Hi!"], test.Select(e => e.Completion));

        var groups = Read.All("halos-feedback", Fixture("halos-feedback.json"), DataKind.Grouped, split: "train").Cast<GroupedExample>().ToList();
        Assert.Equal(2, groups.Count);
        Assert.Equal([("Apple.", 0.9), ("Rock.", 0.2)], groups[0].Completions.Select(c => (c.Completion, c.Score)));
    }

    [Fact]
    public void HalosPairwiseFeedbackOrdersByLabel()
    {
        var pairs = Read.All("halos-feedback", Fixture("halos-pairwise.json"), DataKind.Paired).Cast<PairedExample>().ToList();
        Assert.Equal(("Apple.", "Rock."), (pairs[0].Chosen, pairs[0].Rejected)); // label 0: B preferred
        Assert.Equal(("Hi!", "Bye."), (pairs[1].Chosen, pairs[1].Rejected));
        Assert.Single(Read.All("halos-feedback", Fixture("halos-pairwise.json"), DataKind.Paired, split: "test"));
    }

    [Fact]
    public void HhTranscriptSplitsAtTheLastAssistantTurn()
    {
        var pair = Assert.IsType<PairedExample>(Assert.Single(Read.All("hh-rlhf", Fixture("hh-sample.jsonl.gz"), DataKind.Paired)));
        Assert.Equal(
            [new ChatMessage("user", "Hi there"), new ChatMessage("assistant", "Hello! How can I help?"), new ChatMessage("user", "Tell me a joke.")],
            pair.Prompt.Messages!);
        Assert.Equal(("Why did the chicken cross the road?", "No."), (pair.Chosen, pair.Rejected));
    }

    [Fact]
    public void RankedTsvReadsListsOfAnyLengthAndOptionalPromptColumn()
    {
        var lists = Read.All("ranked-tsv", Fixture("ranked.tsv"), DataKind.Ranked).Cast<RankedExample>().ToList();
        Assert.Equal([4, 3], lists.Select(l => l.BestToWorst.Count));
        Assert.Equal("", lists[0].Prompt.Text);
        Assert.Equal("ranked.tsv:3", lists[1].Id); // the blank line 2 is skipped, line numbers are kept

        var format = Halos.Data.Loading.DataFormats.Find("ranked-tsv")!;
        var withPrompt = Halos.Data.Loading.DataReader.ReadAll(format,
            new Halos.Data.Loading.DataReadRequest { Path = Fixture("ranked.tsv"), Kind = DataKind.Ranked, PromptColumn = true }, out _).Cast<RankedExample>().ToList();
        Assert.Equal("Where is Paris?", withPrompt[0].Prompt.Text);
        Assert.Equal(["In France.", "In Europe, I think.", "No idea."], withPrompt[0].BestToWorst);
        Assert.Equal(["A", "B"], withPrompt[1].BestToWorst);
    }

    [Fact]
    public void RankedListsExpandToAllOrderedPairs()
    {
        var pairs = Read.All("ranked-tsv", Fixture("ranked.tsv"), DataKind.Paired).Cast<PairedExample>().ToList();
        Assert.Equal(6 + 3, pairs.Count); // 4·3/2 + 3·2/2
        Assert.Equal([("Where is Paris?", "In France."), ("Where is Paris?", "In Europe, I think."), ("Where is Paris?", "No idea."),
            ("In France.", "In Europe, I think."), ("In France.", "No idea."), ("In Europe, I think.", "No idea.")],
            pairs.Take(6).Select(p => (p.Chosen, p.Rejected)));
    }

    [Fact]
    public void PairsBecomeUnpairedForKto()
    {
        var rows = Read.All("trl-preference", Fixture("trl-preference-standard.jsonl"), DataKind.Unpaired).Cast<UnpairedExample>().ToList();
        Assert.Equal([(" blue.", true), (" green.", false), (" Paris.", true), (" Lyon.", false)], rows.Select(r => (r.Completion, r.Desirable)));
        Assert.All(rows.Take(2), r => Assert.Equal("The sky is", r.Prompt.Text));
    }

    [Fact]
    public void AKindTheFormatCannotProduceIsRefusedNamingTheLoader()
    {
        var e = Assert.Throws<DataFormatException>(() => Read.All("trl-pretokenized", Fixture("trl-pretokenized.jsonl"), DataKind.Unpaired));
        Assert.Contains("loader 'trl-pretokenized' cannot produce unpaired data", e.Message);
    }
}
