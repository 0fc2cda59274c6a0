using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Data.Tokenization;
using Halos.Training.Scoring;
using Halos.Training.Tests.Support;

namespace Halos.Training.Tests;

/// <summary><c>halos score</c>'s rows are encoded as training encodes them, held to the same length policy, and keep their index.</summary>
public sealed class ScoreRowsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("halos-score-rows-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Input(params string[] lines)
    {
        var path = Path.Combine(_folder, "rows.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static ScoreRows Rows(string path, int maxLength = 0, OverLengthPolicy policy = OverLengthPolicy.Truncate, long? vocab = 12) =>
        new(path, new EncodingOptions { MaxLength = maxLength, OverLength = policy }, () => new DigitTokenizer(), vocab);

    [Fact]
    public void TextGetsTheEosTrainingAppends_AndEveryRowKeepsItsIndexAndId()
    {
        var path = Input("""{"id": "a", "text": "123"}""", "", """{"text": "9"}""", """{"id": 7, "input_ids": [3, 4]}""");
        var rows = Rows(path).Read().ToList();
        // '1','2','3' are ids 2, 3, 4; training's completion gets EOS (11) appended, and so does the scored text.
        Assert.Equal([2, 3, 4, DigitTokenizer.Eos], rows[0].Ids);
        Assert.Equal("\"a\"", rows[0].Id);
        Assert.Equal([0, 1, 2], rows.Select(r => r.Index));   // the blank line is not a row
        Assert.Equal([10, DigitTokenizer.Eos], rows[1].Ids);
        Assert.Null(rows[1].Id);
        Assert.Equal("7", rows[2].Id);
        Assert.Equal([3, 4], rows[2].Ids);                     // pre-tokenized rows are scored as given
    }

    [Fact]
    public void PreTokenizedRowsNeedNoTokenizer_AndAreCheckedAgainstTheModelsVocabulary()
    {
        var path = Input("""{"input_ids": [1, 2, 40]}""");
        var noTokenizer = new ScoreRows(path, new EncodingOptions(), () => throw new FileNotFoundException("tokenizer.json"), modelVocabSize: 50);
        Assert.Equal([1, 2, 40], Assert.Single(noTokenizer.Read()).Ids);
        Assert.Null(noTokenizer.TokenizerPadId);

        var small = new ScoreRows(path, new EncodingOptions(), () => throw new FileNotFoundException("tokenizer.json"), modelVocabSize: 32);
        var e = Assert.Throws<DataFormatException>(() => small.Read().ToList());
        Assert.Equal($"{path}:1: input_ids[2] is 40; expected a token id in [0, 32) (the model's vocab_size)", e.Message);
    }

    [Fact]
    public void LongRowsFollowDataOverLength_AsTrainingDoes()
    {
        var path = Input("""{"text": "123456"}""", """{"input_ids": [1, 2, 3, 4, 5, 6]}""", """{"text": "12"}""");
        var truncate = Rows(path, maxLength: 4);
        var rows = truncate.Read().ToList();
        Assert.Equal([2, 3, 4, 5], rows[0].Ids);   // the completion's end is cut, EOS with it, as in training
        Assert.Equal([1, 2, 3, 4], rows[1].Ids);
        Assert.Equal([2, 3, DigitTokenizer.Eos], rows[2].Ids);
        Assert.Equal(2, truncate.Truncated);

        var drop = Rows(path, maxLength: 4, policy: OverLengthPolicy.Drop);
        var kept = Assert.Single(drop.Read());
        Assert.Equal(2, kept.Index);
        Assert.Equal(2, drop.Dropped);

        var error = Assert.Throws<DataFormatException>(() => Rows(path, maxLength: 4, policy: OverLengthPolicy.Error).Read().ToList());
        Assert.StartsWith($"{path}:1: ", error.Message);
    }
}
