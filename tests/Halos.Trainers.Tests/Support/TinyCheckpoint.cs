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
        using (var model = (TransformerModel)new TransformersModelBuilder().Build(spec, ModelRole.Policy))
            HfCheckpoint.Save(model, folder);
        CharTokenizerFiles.Write(folder);
        return folder;
    }

    /// <summary>A tiny DeBERTa-v3 reward model (DebertaV2ForSequenceClassification, one label) over the same byte tokenizer.</summary>
    public static string WriteDebertaV3(string folder, ulong seed = 11)
    {
        torch.manual_seed(seed);
        var config = Halos.Models.Configuration.HfConfig.Parse($$"""
            {"model_type":"deberta-v2","architectures":["DebertaV2ForSequenceClassification"],"vocab_size":{{CharTokenizerFiles.VocabSize}},
             "hidden_size":32,"num_hidden_layers":2,"num_attention_heads":2,"intermediate_size":64,"max_position_embeddings":96,
             "type_vocab_size":0,"relative_attention":true,"position_buckets":16,"pos_att_type":["p2c","c2p"],"share_att_key":true,
             "norm_rel_ebd":"layer_norm","position_biased_input":false,"num_labels":1,
             "pad_token_id":{{CharTokenizerFiles.EndOfText}},"eos_token_id":{{CharTokenizerFiles.EndOfText}}}
            """);
        using (var model = ArchitectureCatalog.Create(config))
            HfCheckpoint.Save(model, folder);
        CharTokenizerFiles.Write(folder);
        return folder;
    }
}
