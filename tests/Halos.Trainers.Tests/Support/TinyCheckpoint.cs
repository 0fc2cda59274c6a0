using Halos.Abstractions.Models;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Plugin;
using Halos.Torch;
using Microsoft.Extensions.Configuration;

namespace Halos.Trainers.Tests.Support;

/// <summary>
/// A tiny GPT-2 (2 layers, width 32, the 257-token byte tokenizer) saved as a Hugging Face folder, weights drawn from
/// a fixed seed: what a run's Model:Checkpoint points at, with no downloads and no ../shared.
/// </summary>
public static class TinyCheckpoint
{
    public static IConfiguration Config(int width = 32) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Config:vocab_size"] = CharTokenizerFiles.VocabSize.ToString(),
        ["Config:n_positions"] = "96",
        ["Config:n_embd"] = width.ToString(),
        ["Config:n_layer"] = "2",
        ["Config:n_head"] = "2",
        ["Config:eos_token_id"] = CharTokenizerFiles.EndOfText.ToString(),
        ["Config:pad_token_id"] = CharTokenizerFiles.EndOfText.ToString(),
    }).Build();

    public static string Write(string folder, ulong seed = 11)
    {
        torch.manual_seed(seed);
        var spec = new ModelSpec("gpt2", null, ScalarType.Float32, Device.CPU, Config());
        using (var model = (TransformerModel)new TransformersModelPlugin().Build(spec, ModelRole.Policy))
            HfCheckpoint.Save(model, folder);
        CharTokenizerFiles.Write(folder);
        return folder;
    }
}
