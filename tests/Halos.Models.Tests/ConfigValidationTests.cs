using System.Diagnostics;
using System.Text.Json.Nodes;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;

namespace Halos.Models.Tests;

/// <summary>
/// config.json errors name the file and the key: duplicated keys, sizes out of range, and sizes the checkpoint's
/// safetensors header contradicts, which are refused before anything is allocated.
/// </summary>
public class ConfigValidationTests : IDisposable
{
    private readonly string _folder = TinyModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ConfigPath => Path.Combine(_folder, "config.json");

    private void SaveTiny(string name)
    {
        using var model = TinyModels.Create(name);
        HfCheckpoint.Save(model, _folder);
    }

    private ModelConfigException LoadWith(string key, JsonNode value)
    {
        var config = JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();
        config[key] = value;
        File.WriteAllText(ConfigPath, config.ToJsonString());
        var e = Assert.Throws<ModelConfigException>(() => HfCheckpoint.Load(_folder));
        Assert.Equal(ConfigPath, e.Source);
        Assert.Equal(key, e.Key);
        return e;
    }

    [Fact]
    public void ADuplicatedKeyIsNamed()
    {
        // Today: "An item with the same key has already been added", naming no file or key.
        SaveTiny("llama_gqa");
        File.WriteAllText(ConfigPath, File.ReadAllText(ConfigPath).Replace("{", "{\"vocab_size\": 7,", StringComparison.Ordinal));
        var e = Assert.Throws<ModelConfigException>(() => HfCheckpoint.Load(_folder));
        Assert.Equal($"{ConfigPath}: key 'vocab_size': the key is written twice; keep one (readers disagree on which wins)", e.Message);
    }

    [Theory]
    [InlineData("vocab_size", -1)]
    [InlineData("num_hidden_layers", -1)]
    [InlineData("hidden_size", 0)]
    [InlineData("hidden_size", 2147483648)]
    public void SizesOutOfRangeAreRefusedNamingTheKey(string key, long value)
    {
        // Today: TorchException "negative dimension", ArgumentOutOfRangeException, or a 4 TB allocation attempt.
        SaveTiny("llama_gqa");
        var e = LoadWith(key, value);
        Assert.Equal($"{ConfigPath}: key '{key}': expected an integer from 1 to 16777216, got {value}", e.Message);
    }

    [Fact]
    public void ASizeTheHeaderContradictsIsRefusedBeforeAllocating()
    {
        SaveTiny("llama_gqa");
        var clock = Stopwatch.StartNew();
        var e = LoadWith("hidden_size", 8_000_000);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Matches(@"key 'hidden_size': 8000000 does not match the checkpoint: .*model\.safetensors holds 'model\.embed_tokens\.weight' with shape \[\d+, \d+\], which needs hidden_size = \d+", e.Message);
    }

    [Fact]
    public void LayerCountAndMlpWidthAreCheckedAgainstTheHeader()
    {
        SaveTiny("gpt2");
        var layers = LoadWith("n_layer", 50);
        Assert.Contains("key 'n_layer': 50 does not match the checkpoint, which holds layers 0 to ", layers.Message);
        SaveTiny("gpt2");
        var inner = LoadWith("n_inner", 12345);
        Assert.Contains("'transformer.h.0.mlp.c_fc.weight' with shape", inner.Message);
    }

    [Fact]
    public void InvalidUtf8InConfigJsonIsRefusedWithItsOffset()
    {
        // Today: the byte becomes U+FFFD, the key is unknown and silently ignored.
        SaveTiny("gpt2");
        var bytes = File.ReadAllBytes(ConfigPath);
        var at = Array.IndexOf(bytes, (byte)'n', Array.IndexOf(bytes, (byte)'"') + 1);
        bytes[at] = 0xE9;
        File.WriteAllBytes(ConfigPath, bytes);
        var e = Assert.Throws<ModelConfigException>(() => HfCheckpoint.Load(_folder));
        Assert.StartsWith($"{ConfigPath}: byte {at}: invalid UTF-8", e.Message);
    }
}
