using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Tests.Support;

namespace Halos.Data.Tests;

/// <summary>A row with bytes that are not UTF-8, or a \u escape of a lone surrogate, is a bad row like any other.</summary>
public class InvalidUtf8RowTests
{
    private static readonly byte[] Jsonl =
    [
        .. "{\"prompt\": \"p1\", \"completion\": \"fine\"}\n"u8,
        .. "{\"prompt\": \"p2\", \"completion\": \"caf"u8, 0xE9, .. "\"}\n"u8,
        .. "{\"prompt\": \"p3\", \"completion\": \"half \\ud800 a pair\"}\n"u8,
        .. "{\"prompt\": \"p4\", \"completion\": \"fine too\"}\n"u8,
    ];

    [Fact]
    public void InvalidUtf8InAJsonlRowStopsNamingFileAndLine()
    {
        // Today: "Cannot transcode invalid UTF-8 JSON text", naming no file or line, failing the whole file.
        using var file = new TempFile(".jsonl", Jsonl);
        var e = Assert.Throws<DataFormatException>(() => Read.All("sft", file.Path, DataKind.Sft));
        Assert.Equal($"{file.Path}:2: in the row at byte 35: invalid UTF-8; expected UTF-8 text (was the file saved in another encoding, or damaged?)", e.Message);
    }

    [Fact]
    public void SkipModeCountsInvalidUtf8AndLoneSurrogateRows()
    {
        using var file = new TempFile(".jsonl", Jsonl);
        var rows = Read.All("sft", file.Path, DataKind.Sft, out var report, BadRowPolicy.Skip);
        Assert.Equal(["p1", "p4"], rows.Cast<SftExample>().Select(r => r.Prompt.Text));
        Assert.Equal([2L, 3L], report.Rejected.Select(r => r.Line!.Value));
        Assert.StartsWith("in the row at byte 31: a \\u escape encodes a lone surrogate", report.Rejected[1].Reason);
    }

    [Fact]
    public void AJsonArrayElementWithInvalidUtf8IsABadRowAtItsLine()
    {
        byte[] array = [.. "[\n{\"prompt\": \"a\", \"completion\": \"b\"},\n{\"prompt\": \"x"u8, 0xFF, .. "\", \"completion\": \"b\"}\n]"u8];
        using var file = new TempFile(".json", array);
        var rows = Read.All("sft", file.Path, DataKind.Sft, out var report, BadRowPolicy.Skip);
        Assert.Single(rows);
        Assert.Equal(3L, report.Rejected.Single().Line);
    }

    [Fact]
    public void InvalidUtf8InARankedTsvRowIsABadRow()
    {
        // Today: replaced with U+FFFD and trained on.
        byte[] tsv = [.. "best\tworse\n"u8, .. "good\tbad"u8, 0xC3, 0x28, .. "\n"u8, .. "one\ttwo\n"u8];
        using var file = new TempFile(".tsv", tsv);
        var e = Assert.Throws<DataFormatException>(() => Read.All("ranked-tsv", file.Path, DataKind.Ranked));
        Assert.Equal($"{file.Path}:2: in the line at byte 8: invalid UTF-8; expected UTF-8 text", e.Message);
        var lists = Read.All("ranked-tsv", file.Path, DataKind.Ranked, out var report, BadRowPolicy.Skip);
        Assert.Equal(2, lists.Count);
        Assert.Equal(2L, report.Rejected.Single().Line);
    }
}
