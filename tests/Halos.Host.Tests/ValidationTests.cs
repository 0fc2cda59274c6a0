using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>Bad or unknown keys fail at start-up (exit 2), each message naming the key and the layer that set it.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TempFolder _root = new();

    public ValidationTests()
    {
        _root.File("appsettings.json", """{ "Training": { "BatchSize": 8 } }""");
        _root.File("profiles/typo.json", """{ "Training": { "LerningRate": 1e-6 } }""");
        _root.File("profiles/nested.json", """{ "Model": { "DType": "int64", "Device": "tpu" }, "Metrics": { "Sinks": "jsonl" } }""");
        _root.File("profiles/section.json", """{ "Trainng": { "Epochs": 2 } }""");
    }

    [Theory]
    [InlineData("train")]
    [InlineData("config show")]
    [InlineData("plugins list")]
    [InlineData("data preview")]
    public void UnknownKeyInAProfile_FailsAtStart_NamingKeyFileAndFix(string verb)
    {
        var result = CliRun.InProcess(_root.Path, [.. verb.Split(' '), "--profile", "typo"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Training:LerningRate: unknown key; did you mean 'Training:LearningRate'? (from profile typo: profiles/typo.json)", result.Error);
    }

    [Fact]
    public void ValueOfTheWrongType_NamesTheKeyAndTheEnvironmentVariable()
    {
        var result = CliRun.InProcess(_root.Path, ["train"], new Dictionary<string, string> { ["HALOS__Training__BatchSize"] = "eight" });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Training:BatchSize: 'eight' is not an integer (from environment HALOS__Training__BatchSize)", result.Error);
    }

    [Fact]
    public void ValueOutOfRange_NamesTheKeyTheRangeAndTheCommandLine()
    {
        var result = CliRun.InProcess(_root.Path, ["train", "--Training:LearningRate=-5e-7"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Training:LearningRate: -5E-07 is out of range; expected 1E-12 to 1 (from command line --Training:LearningRate)", result.Error);
    }

    [Theory]
    [InlineData("Training:MaxLength", "Data:MaxLength")]
    [InlineData("Training:MaxPromptLength", "Data:MaxPromptLength")]
    [InlineData("training:maxcompletionlength", "Data:MaxCompletionLength")]
    public void AMovedLengthKey_IsRefusedNamingItsNewHome(string oldKey, string newKey)
    {
        var result = CliRun.InProcess(_root.Path, ["config", "show", $"--{oldKey}=64"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{oldKey}: this key has moved: use {newKey} (the length limits live together in the Data section", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("(from command line", result.Error);
    }

    [Fact]
    public void TheLengthLimitsBindTogetherInTheDataSection()
    {
        var result = CliRun.InProcess(_root.Path, ["config", "show", "--Data:MaxLength=256", "--Data:MaxPromptLength=128", "--Data:MaxCompletionLength=64"]);
        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var expected in new[] { "Data:MaxLength", "256", "Data:MaxPromptLength", "128", "Data:MaxCompletionLength", "64" })
            Assert.Contains(expected, result.Out);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var result = CliRun.InProcess(_root.Path, ["config", "show", "--profile", "nested", "--Training:Schedule=cosine-ish"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Model:DType: 'int64' is not valid; expected float32, bfloat16, float16 or float64 (from profile nested: profiles/nested.json)", result.Error);
        Assert.Contains("Model:Device: 'tpu' is not valid; expected cpu, cuda or cuda:N", result.Error);
        Assert.Contains("Metrics:Sinks: expected a list", result.Error);
        Assert.Contains("Training:Schedule: 'cosine-ish' is not allowed; expected one of constant, linear, cosine (from command line --Training:Schedule)", result.Error);
    }

    [Fact]
    public void UnknownSection_IsNamedWithASuggestion()
    {
        var result = CliRun.InProcess(_root.Path, ["config", "show", "--profile", "section"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Trainng: unknown section; expected one of Training, Loss, Data, Model, Metrics, Plugins, Generation, Rewards, Logging, Profiles; did you mean 'Training'? (from profile section: profiles/section.json)", result.Error);
    }

    [Fact]
    public void MissingPluginPath_IsNamedByItsKey()
    {
        var result = CliRun.InProcess(_root.Path, ["plugins", "list", "--Plugins:Paths:0=does-not-exist"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Plugins:Paths:0: no such file or folder: {Path.Combine(_root.Path, "does-not-exist")} (from command line --Plugins:Paths:0)", result.Error);
    }

    [Fact]
    public void MalformedJson_NamesTheFile()
    {
        _root.File("profiles/broken.json", """{ "Training": { "Epochs": 2, } """);
        var result = CliRun.InProcess(_root.Path, ["config", "show", "--profile", "broken"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.json", result.Error);
    }

    [Fact]
    public void FreeFormSections_PassThroughUnchecked()
    {
        var result = CliRun.InProcess(_root.Path, ["config", "show", "--Loss:Params:beta=0.05", "--Data:Options:Delimiter=;", "--Logging:LogLevel:Default=Debug"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Loss:Params:beta", result.Out);
        Assert.Contains("command line --Data:Options:Delimiter", result.Out);
    }

    public void Dispose() => _root.Dispose();
}
