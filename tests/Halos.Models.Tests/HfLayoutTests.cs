using Halos.Models.Checkpoints;
using Halos.Torch.SafeTensors;

namespace Halos.Models.Tests;

/// <summary>
/// What we save is what transformers saved: re-saving each reference checkpoint reproduces its
/// model.safetensors tensor for tensor (names, dtypes, shapes, bytes), so transformers'
/// from_pretrained reads our files exactly as it reads its own.
/// </summary>
public class HfLayoutTests : IDisposable
{
    private readonly string _folder = TinyModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableTheory]
    [InlineData("gpt2")]
    [InlineData("gpt2_seqcls")]
    [InlineData("llama")]
    [InlineData("neox")]
    [InlineData("qwen2")]
    [InlineData("bert_seqcls")]
    [InlineData("hf-tiny-next/deberta_v3_seqcls")]
    public void ResavingAReferenceCheckpointReproducesItsTensors(string name)
    {
        var source = SharedFixtures.Resolve(name);
        using (var model = HfCheckpoint.Load(source)) HfCheckpoint.Save(model, _folder);
        using var theirs = SafeTensorsFile.Open(Path.Combine(source, "model.safetensors"));
        using var ours = SafeTensorsFile.Open(Path.Combine(_folder, "model.safetensors"));
        Assert.Equal(theirs.Names.Order(), ours.Names.Order());
        foreach (var tensor in theirs.Names)
        {
            Assert.Equal(theirs.Info(tensor).DType, ours.Info(tensor).DType);
            Assert.Equal(theirs.Info(tensor).Shape, ours.Info(tensor).Shape);
            Assert.True(theirs.Bytes(tensor).SequenceEqual(ours.Bytes(tensor)), $"{name}: bytes of {tensor}");
        }
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "config.json")))!;
        var original = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!;
        Assert.Equal(original["architectures"]!.ToJsonString(), config["architectures"]!.ToJsonString());
        Assert.Equal(original["model_type"]!.ToJsonString(), config["model_type"]!.ToJsonString());
    }
}
