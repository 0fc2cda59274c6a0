using System.Text.Json;
using Halos.Host.Tests.Support;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Torch;

namespace Halos.Host.Tests;

/// <summary><c>halos logprobs</c> through the CLI, against log-softmax of the same checkpoint's full logits.</summary>
public sealed class LogProbsVerbTests : IDisposable
{
    private readonly TempFolder _folder = new("halos-logprobs-test");

    private const string Config =
        """{"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"vocab_size":40,"n_positions":32,"n_embd":16,"n_layer":2,"n_head":2}""";

    private static readonly long[][] Prompts = [[1, 2, 3], [5], [7, 8, 9, 10]];
    private static readonly long[][] Completions = [[4, 5], [6, 7, 8, 9], [11]];

    public LogProbsVerbTests()
    {
        torch.manual_seed(4);
        using var model = ArchitectureCatalog.Create(HfConfig.Parse(Config, "test"));
        HfCheckpoint.Save(model, _folder.Folder("model"));
        var rows = Prompts.Select((p, i) => JsonSerializer.Serialize(new { id = $"r{i}", prompt_ids = p, completion_ids = Completions[i] }));
        _folder.File("rows.jsonl", string.Join("\n", rows) + "\n");
    }

    [Fact]
    public void Prints_each_rows_summed_completion_log_prob_as_the_full_logits_give_it()
    {
        // Batch size 2: the second batch holds one row, and rows of different lengths are padded together.
        var result = HalosProcess.Run(_folder.Path, ["logprobs", "--model", "model", "--input", "rows.jsonl", "--batch-size", "2"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var expected = ExpectedSums();
        for (var i = 0; i < lines.Length; i++)
        {
            var row = JsonDocument.Parse(lines[i]).RootElement;
            Assert.Equal($"r{i}", row.GetProperty("id").GetString());
            Assert.Equal(Completions[i].Length, row.GetProperty("tokens").GetInt32());
            Assert.Equal(expected[i], row.GetProperty("sum_logp").GetDouble(), tolerance: 1e-4);
            Assert.Equal(expected[i] / Completions[i].Length, row.GetProperty("mean_logp").GetDouble(), tolerance: 1e-4);
        }
    }

    [Fact]
    public void Writes_the_output_file_when_asked()
    {
        var result = HalosProcess.Run(_folder.Path, ["logprobs", "--model", "model", "--input", "rows.jsonl", "--output", "out.jsonl"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Out);
        var lines = File.ReadAllLines(Path.Combine(_folder.Path, "out.jsonl"));
        Assert.Equal(3, lines.Length);
        Assert.Equal(ExpectedSums()[2], JsonDocument.Parse(lines[2]).RootElement.GetProperty("sum_logp").GetDouble(), tolerance: 1e-4);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "out.jsonl.partial")));
    }

    [Fact]
    public void A_bad_row_is_named_by_file_and_line_and_no_output_is_left()
    {
        _folder.File("bad.jsonl", "{\"prompt_ids\":[1,2],\"completion_ids\":[3]}\n{\"prompt_ids\":[1,2]}\n");
        var result = HalosProcess.Run(_folder.Path, ["logprobs", "--model", "model", "--input", "bad.jsonl", "--output", "out.jsonl"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.jsonl:2", result.Error);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "out.jsonl")));
    }

    [Fact]
    public void Missing_options_and_folders_are_usage_errors_that_say_what_is_expected()
    {
        var missing = HalosProcess.Run(_folder.Path, ["logprobs", "--input", "rows.jsonl"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("name the model: --model DIR (or Model:Checkpoint)", missing.Error);
        var noFolder = HalosProcess.Run(_folder.Path, ["logprobs", "--model", "nowhere", "--input", "rows.jsonl"]);
        Assert.Equal(2, noFolder.ExitCode);
        Assert.Contains("nowhere: model folder not found", noFolder.Error);
        var badBatch = HalosProcess.Run(_folder.Path, ["logprobs", "--model", "model", "--input", "rows.jsonl", "--batch-size", "0"]);
        Assert.Equal(2, badBatch.ExitCode);
        Assert.Contains("--batch-size expects a whole number of at least 1, got '0'", badBatch.Error);
    }

    /// <summary>Each row alone, unpadded: Σ over completion tokens of log_softmax(logits)[next token].</summary>
    private double[] ExpectedSums()
    {
        using var model = (CausalLanguageModel)HfCheckpoint.Load(Path.Combine(_folder.Path, "model"));
        using var noGrad = torch.no_grad();
        return Prompts.Select((prompt, i) =>
        {
            using var scope = torch.NewDisposeScope();
            var ids = prompt.Concat(Completions[i]).ToArray();
            var logp = F.log_softmax(model.forward(torch.tensor(ids, 1, ids.Length)), -1);
            var sum = 0.0;
            for (var t = prompt.Length; t < ids.Length; t++) sum += logp[0][t - 1][ids[t]].item<float>();
            return sum;
        }).ToArray();
    }

    public void Dispose() => _folder.Dispose();
}
