using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Data.Tokenization;
using Halos.Models.LogProbs;
using Halos.Torch;

namespace Halos.Models.Tests;

/// <summary>The library side of <c>halos logprobs</c> and <c>halos score</c>.</summary>
public class CommandTests : IDisposable
{
    private readonly string _folder = TinyModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Input(params string[] lines)
    {
        var path = Path.Combine(_folder, "input.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    // A word-level vocabulary (WordPiece without subwords), so the expected ids are known by hand.
    private void WriteTokenizer()
    {
        var words = new[] { "[UNK]", "the", "cat", "sat", "on", "a", "mat", "dog" };
        var vocab = string.Join(",", words.Select((w, i) => $"\"{w}\":{i + 10}"));
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"),
            """{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":{"type":"WhitespaceSplit"},"post_processor":null,"decoder":null,"model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"""
            + vocab + "}}}");
    }

    [Fact]
    public void LogProbsOfTextAndTokenRowsMatchTheDirectComputation()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("qwen2");
        HfCheckpoint.Save(model, _folder);
        WriteTokenizer();
        // "the cat" → [11, 12]; "sat on a mat" → [13, 14, 15, 16].
        var input = Input(
            """{"id":"a","prompt":"the cat","completion":"sat on a mat"}""",
            "",
            """{"id":7,"prompt_ids":[11,12],"completion_ids":[13,14,15,16]}""",
            """{"prompt_ids":[5,6,7,8,9],"completion_ids":[40]}""");
        var output = new StringWriter();
        RowLogProbs.Run(model, () => HuggingFaceTokenizer.Load(_folder), input, output, batchSize: 2);
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal("a", rows[0].GetProperty("id").GetString());
        Assert.Equal(7, rows[1].GetProperty("id").GetInt32());
        Assert.False(rows[2].TryGetProperty("id", out _));

        using var noGrad = torch.no_grad();
        double Expected(long[] prompt, long[] completion)
        {
            var ids = torch.tensor(prompt.Concat(completion).ToArray(), 1, prompt.Length + completion.Length);
            var labels = TokenLogProbs.Labels(ids, null, [prompt.Length]);
            return TokenLogProbs.FromLogits(model.forward(ids), labels).sum().item<float>();
        }
        // Within 1e-4, not to 4 decimal places: a batch and a single row sum in different orders, and a
        // difference of 4e-6 can straddle a rounding boundary.
        var first = Expected([11, 12], [13, 14, 15, 16]);
        Assert.Equal(first, rows[0].GetProperty("sum_logp").GetDouble(), 1e-4);
        Assert.Equal(first, rows[1].GetProperty("sum_logp").GetDouble(), 1e-4);
        Assert.Equal(first / 4, rows[1].GetProperty("mean_logp").GetDouble(), 1e-4);
        Assert.Equal(4, rows[1].GetProperty("tokens").GetInt32());
        Assert.Equal(Expected([5, 6, 7, 8, 9], [40]), rows[2].GetProperty("sum_logp").GetDouble(), 1e-4);
        Assert.Equal(1, rows[2].GetProperty("tokens").GetInt32());
    }

    [Fact]
    public void BadRowsNameTheFileAndLine()
    {
        using var model = TinyModels.Causal("gpt2");
        HfCheckpoint.Save(model, _folder);
        WriteTokenizer();
        var tokenizer = HuggingFaceTokenizer.Load(_folder);
        var cases = new (string row, string expected)[]
        {
            ("""{"prompt_ids":[1,2]}""", "expected \"prompt\" and \"completion\""),
            ("""{"prompt_ids":[1,"x"],"completion_ids":[3]}""", "non-negative integers"),
            ("""{"prompt_ids":[],"completion_ids":[3]}""", "the prompt has no tokens"),
            ("""{"prompt_ids":[1],"completion_ids":[500]}""", "token id 500 is outside the model's vocabulary of 97"),
            ("not json", "invalid JSON at column 2"),
            ("""{"prompt":"half \ud800 a pair","completion":"x"}""", "in the row at byte 10: a \\u escape encodes a lone surrogate"),
        };
        foreach (var (row, expected) in cases)
        {
            var input = Input("""{"prompt_ids":[1,2],"completion_ids":[3]}""", row);
            var e = Assert.Throws<FormatException>(() => RowLogProbs.Run(model, () => tokenizer, input, new StringWriter()));
            Assert.StartsWith($"{input}:2: ", e.Message);
            Assert.True(e.Message.Contains(expected), e.Message);
        }
        // Bytes that are not UTF-8 are refused where they are, not read as U+FFFD.
        var damaged = Path.Combine(_folder, "damaged.jsonl");
        File.WriteAllBytes(damaged, [.. "{\"prompt\":\"caf"u8, 0xE9, .. "\",\"completion\":\"x\"}\n"u8]);
        var invalid = Assert.Throws<FormatException>(() => RowLogProbs.Run(model, () => tokenizer, damaged, new StringWriter()));
        Assert.True(invalid.Message.StartsWith($"{damaged}:1: in the row at byte 14: invalid UTF-8"), invalid.Message);
    }

    [Fact]
    public void LogProbsRefusesASequenceClassifier()
    {
        // Scoring a reward model is halos score's (ConversationScoring, tested through the host); logprobs wants a causal LM.
        using var scope = torch.NewDisposeScope();
        using var model = (SequenceClassifier)TinyModels.Create("llama_seqcls");
        HfCheckpoint.Save(model, _folder);
        WriteTokenizer();
        var input = Input("""{"prompt_ids":[11,12],"completion_ids":[13]}""");
        var e = Assert.Throws<InvalidOperationException>(() => RowLogProbs.Run(model, () => HuggingFaceTokenizer.Load(_folder), input, new StringWriter()));
        Assert.Contains("needs a causal language model", e.Message);
    }
}
