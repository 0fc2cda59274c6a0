using Halos.Abstractions.Options;
using Halos.Host.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Halos.Host.Tests;

/// <summary>
/// A plugin's own settings are bound to the options class it declares and checked at start-up with the host's
/// rules: a typo stops the run with exit 2, naming the key, the closest known key and the layer, before anything
/// is created on disk.
/// </summary>
[Collection(FixturePluginsCollection.Name)]
public sealed class PluginOptionsTests(FixturePlugins fixtures)
{
    private static string[] Train(string plugins, params string[] extra) =>
    [
        "train", "--quiet", $"--Plugins:Paths:0={plugins}", "--Training:Trainer=fixture-trainer", "--Model:Plugin=fixture-model",
        "--Model:Checkpoint=m", "--Data:Loader=fixture-loader", "--Data:Train=d", "--Loss:Script=dpo", "--Training:OutputDir=out",
        "--Training:Loop=fixture-slow", .. extra,
    ];

    [Fact]
    public void AMisspeltTrainerOption_Exits2BeforeTheOutputFolderExists()
    {
        using var root = new TempFolder();
        root.File("d", "");
        root.Loss("dpo");
        var result = HalosProcess.Run(root.Path, Train(fixtures.Runnable, "--Training:TrainerOptions:Temprature=0.5", "--Training:TrainerOptions:Mode=slow"));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Training:TrainerOptions:Temprature: unknown key; did you mean 'Training:TrainerOptions:Temperature'? "
                        + "[settings of plugin 'fixture-trainer'] (from command line --Training:TrainerOptions:Temprature)", result.Error);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "out")), "the output folder was created before the configuration was checked");
    }

    [Fact]
    public void ATrainerOptionOutOfItsRange_IsNamedWithTheRange()
    {
        using var root = new TempFolder();
        root.File("d", "");
        root.Loss("dpo");
        root.File("appsettings.json", """{ "Training": { "TrainerOptions": { "Temperature": 11 } } }""");
        var result = HalosProcess.Run(root.Path, Train(fixtures.Runnable));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Training:TrainerOptions:Temperature: 11 is out of range; expected 0 to 10 [settings of plugin 'fixture-trainer'] (from appsettings.json)", result.Error);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "out")));
    }

    [Fact]
    public void TheBuiltInLoopsSettingsLiveInItsOwnSection_AndTheOldKeysPointThere()
    {
        using var root = new TempFolder();
        root.File("d.jsonl", "");
        root.Loss("dpo");
        string[] run = ["train", "--dry-run", "--Model:Checkpoint=m", "--Data:Loader=trl-preference", "--Data:Train=d.jsonl", "--Loss:Script=dpo"];

        var typo = HalosProcess.Run(root.Path, [.. run, "--Training:LoopOptions:Precison=float32"]);
        Assert.True(typo.ExitCode == 2, typo.ToString());
        Assert.Contains("Training:LoopOptions:Precison: unknown key; did you mean 'Training:LoopOptions:Precision'? [settings of plugin 'standard']", typo.Error);

        var moved = HalosProcess.Run(root.Path, [.. run, "--Training:Precision=float32"]);
        Assert.True(moved.ExitCode == 2, moved.ToString());
        Assert.Contains("Training:Precision: this key has moved: use Training:LoopOptions:Precision", moved.Error);

        var bad = HalosProcess.Run(root.Path, [.. run, "--Training:LoopOptions:Reference=cached"]);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("Training:LoopOptions:Reference", bad.Error);
        Assert.Contains("live, precomputed, lora-base", bad.Error);
    }

    [Fact]
    public void ConfigShow_ListsTheConfiguredPluginsOptions_WithTheirDefaultsAndLayers()
    {
        using var root = new TempFolder();
        var result = HalosProcess.Run(root.Path, ["config", "show", $"--Plugins:Paths:0={fixtures.Runnable}", "--Training:Trainer=fixture-trainer",
            "--Training:TrainerOptions:Temperature=0.5"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Out.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length >= 3).ToList();
        string[] Row(string key) => rows.Single(c => c[0] == key);
        Assert.Equal(["Training:LoopOptions:Precision", "auto", "default"], Row("Training:LoopOptions:Precision"));
        Assert.Equal(["Training:LoopOptions:DistributedTimeoutSeconds", "600", "default"], Row("Training:LoopOptions:DistributedTimeoutSeconds"));
        Assert.Equal(["Training:TrainerOptions:Mode", "fast", "default"], Row("Training:TrainerOptions:Mode"));
        Assert.Equal("0.5", Row("Training:TrainerOptions:Temperature")[1]);
        Assert.Equal("GradientCheckpointing", Row("Model:Options:GradientCheckpointing")[0].Split(':')[^1]);
    }

    [Fact]
    public void TheBuiltInModelPluginsOptionsAreChecked()
    {
        using var root = new TempFolder();
        var result = HalosProcess.Run(root.Path, ["score", "--model", root.Path, "--input", "x.jsonl", "--Model:Options:GradientCheckpointng=true"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Model:Options:GradientCheckpointng: unknown key; did you mean 'Model:Options:GradientCheckpointing'? [settings of plugin 'transformers']", result.Error);
    }

    [Fact]
    public void APluginReadsItsTypedOptionsWithTheSameBinder()
    {
        var section = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Model:Options:Width"] = "64", ["Model:Options:Name"] = "tiny" })
            .Build().GetSection("Model:Options");
        var options = SectionBinder.Bind<WidthOptions>(section);
        Assert.Equal((64, "tiny"), (options.Width, options.Name));
        var e = Assert.Throws<InvalidOperationException>(() => SectionBinder.Bind<WidthOptions>(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["M:Widht"] = "1" }).Build().GetSection("M")));
        Assert.Equal("M:Widht: unknown key; did you mean 'M:Width'?", e.Message);
    }

    public sealed class WidthOptions
    {
        [System.ComponentModel.DataAnnotations.Range(1, 4096)]
        public int Width { get; set; } = 8;

        public string? Name { get; set; }
    }
}
