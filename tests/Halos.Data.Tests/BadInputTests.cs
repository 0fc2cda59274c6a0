using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Tests.Support;
using static Halos.Data.Tests.Support.TestPaths;

namespace Halos.Data.Tests;

/// <summary>Each kind of malformed input stops with its located error; in skip mode it is counted instead.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("bad-json.jsonl", "trl-preference", "bad-json.jsonl:2: invalid JSON at column")]
    [InlineData("bad-missing-field.jsonl", "trl-preference", "bad-missing-field.jsonl:2: field 'rejected': missing; this row has fields prompt, chosen")]
    [InlineData("bad-mistyped-field.jsonl", "trl-preference", "bad-mistyped-field.jsonl:1: field 'chosen': expected a string or a list of {\"role\", \"content\"} messages, got number 42")]
    [InlineData("bad-empty-completion.jsonl", "trl-preference", "bad-empty-completion.jsonl:2: field 'chosen': the completion is empty")]
    [InlineData("bad-ranked.tsv", "ranked-tsv", "bad-ranked.tsv:2: 1 response(s); expected at least 2 tab-separated responses, best first")]
    public void MalformedRowStopsWithFileLineAndField(string fixture, string loader, string expected)
    {
        var kind = loader == "ranked-tsv" ? DataKind.Ranked : DataKind.Paired;
        var e = Assert.Throws<DataFormatException>(() => Read.All(loader, Fixture(fixture), kind));
        Assert.StartsWith(Fixture(fixture) + expected[expected.IndexOf(':')..], e.Message);
    }

    [Fact]
    public void SkipModeCountsEveryRejectedRowWithItsReason()
    {
        var pairs = Read.All("trl-preference", Fixture("bad-mixed.jsonl"), DataKind.Paired, out var report, BadRowPolicy.Skip);
        Assert.Equal(["bad-mixed.jsonl:1", "bad-mixed.jsonl:6"], pairs.Select(p => p.Id));
        Assert.Equal(6, report.RowsRead);
        Assert.Equal([2L, 3L, 4L, 5L], report.Rejected.Select(r => r.Line!.Value));
        Assert.StartsWith("invalid JSON", report.Rejected[0].Reason);
        Assert.Equal("field 'rejected': missing; this row has fields prompt, chosen", report.Rejected[1].Reason);
        Assert.StartsWith("field 'chosen': the completion is empty", report.Rejected[2].Reason);
        Assert.Equal("field 'margin': expected a finite number, got the string \"big\"", report.Rejected[3].Reason);
        Assert.StartsWith($"x: skipped 4 of 6 rows (Data:OnBadRow=skip); first: {Fixture("bad-mixed.jsonl")}:2: invalid JSON", report.Warning("x"));
    }

    [Fact]
    public void SkipModeOnRankedRowsCountsShortAndEmptyRows()
    {
        var lists = Read.All("ranked-tsv", Fixture("bad-ranked.tsv"), DataKind.Ranked, out var report, BadRowPolicy.Skip);
        Assert.Equal(2, lists.Count);
        Assert.Equal([2L, 3L], report.Rejected.Select(r => r.Line!.Value));
        Assert.Equal("column 1: the response is empty; expected text (a trailing tab leaves an empty last column)", report.Rejected[1].Reason);
    }

    [Fact]
    public void ABrokenJsonArrayFailsAsAWholeAtTheBrokenLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"halos-broken-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "[\n  {\"chosen\": \"a b\", \"rejected\": \"a c\"},\n  {\"chosen\": \"a b\" \"rejected\": 1}\n]");
        try
        {
            var e = Assert.Throws<DataFormatException>(() => Read.All("trl-preference", path, DataKind.Paired, BadRowPolicy.Skip));
            Assert.Equal(3, e.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HalosFeedbackWithAnUnknownTypeNamesTheField()
    {
        var path = Path.Combine(Path.GetTempPath(), $"halos-feedback-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "[{\"prompt_id\": 1, \"prompt\": \"p\", \"output\": \"o\", \"label\": 1, \"type\": \"thumbs\"}]");
        try
        {
            var e = Assert.Throws<DataFormatException>(() => Read.All("halos-feedback", path, DataKind.Unpaired));
            Assert.EndsWith(":1: field 'type': 'thumbs' is not a feedback type; expected binary_feedback or pairwise_feedback", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OptionsAreValidated()
    {
        var e = Assert.Throws<DataFormatException>(() => DataReadRequest.ParsePolicy("ignore", "train.jsonl"));
        Assert.Equal("train.jsonl: Data:OnBadRow is 'ignore'; expected 'error' or 'skip'", e.Message);
    }
}
