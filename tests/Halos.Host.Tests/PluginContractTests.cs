using Halos.Abstractions.Plugins;
using Halos.Abstractions;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Metrics;
using Halos.Host.Plugins;
using Halos.Host.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Halos.Host.Tests;

public sealed class PluginContractTests
{
    [Fact]
    public void TheContractVersionIsTheAssemblyVersionOfBothHalves()
    {
        foreach (var assembly in new[] { typeof(PluginContract).Assembly, typeof(Halos.Abstractions.Models.IModelPlugin).Assembly })
        {
            var version = assembly.GetName().Version!;
            Assert.Equal((PluginContract.Major, PluginContract.Minor), (version.Major, version.Minor));
        }
        Assert.Equal(PluginContract.TensorAssemblyName, typeof(Halos.Abstractions.Models.IModelPlugin).Assembly.GetName().Name);
        Assert.Equal(PluginContract.EngineAssemblyName, typeof(Halos.Torch.Tensor).Assembly.GetName().Name);
        Assert.NotEqual(new Version(1, 0, 0, 0), typeof(Halos.Torch.Tensor).Assembly.GetName().Version);
    }

    [Fact]
    public void TheEngineFreeContractDoesNotReferenceTheEngine() =>
        Assert.DoesNotContain(typeof(PluginContract).Assembly.GetReferencedAssemblies(), a => a.Name is "Halos.Torch" or "Halos.Abstractions.Torch");

    [Theory]
    [InlineData(2, 0, true)]
    [InlineData(2, 1, false)] // built against a newer minor: may use members this host lacks
    [InlineData(1, 0, false)]
    [InlineData(3, 0, false)]
    public void Compatibility_IsSameMajorAndNoNewerMinor(int major, int minor, bool compatible) =>
        Assert.Equal(compatible, PluginContract.IsCompatible(new Version(major, minor)));

    [Theory]
    [InlineData(DataKind.Sft, typeof(SftExample))]
    [InlineData(DataKind.Paired, typeof(PairedExample))]
    [InlineData(DataKind.Scored, typeof(PairedExample))]
    [InlineData(DataKind.Unpaired, typeof(UnpairedExample))]
    [InlineData(DataKind.Ranked, typeof(RankedExample))]
    [InlineData(DataKind.Grouped, typeof(GroupedExample))]
    public void EachDataKindHasAnExampleShape(DataKind kind, Type shape) => Assert.Equal(shape, Example.ShapeOf(kind));

    [Fact]
    public void DataFormatException_NamesFileAndLine()
    {
        var e = new DataFormatException("data/train.csv", 17, "expected 3 columns, got 2");
        Assert.Equal("data/train.csv:17: expected 3 columns, got 2", e.Message);
        Assert.Equal("data/train.csv: file not found", new DataFormatException("data/train.csv", null, "file not found").Message);
    }

    [Fact]
    public void TheBuiltInJsonlSink_IsDiscoveredFromTheHostPluginsFolder_AndWritesOneLinePerRecord()
    {
        var folder = Path.Combine(RepoLayout.HostOutput, "plugins");
        using var catalog = PluginCatalog.Discover([folder], NullLogger.Instance);
        var plugin = catalog.Get<IMetricSinkPlugin>("jsonl", "Metrics:Sinks:0");
        using var output = new TempFolder();
        using (var sink = plugin.Open(PluginContext.Standalone("jsonl") with { OutputDirectory = output.Path }))
        {
            var time = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
            sink.Log(new MetricRecord(10, "train", new Dictionary<string, double> { ["loss"] = 0.6931, ["rewards/accuracy"] = 0.5 }, time));
            sink.Log(new MetricRecord(20, "eval", new Dictionary<string, double> { ["loss"] = double.NaN }, time));
        }
        var lines = File.ReadAllLines(Path.Combine(output.Path, "metrics.jsonl"));
        Assert.Equal(
        [
            """{"step":10,"phase":"train","time":"2025-01-02T03:04:05+00:00","loss":0.6931,"rewards/accuracy":0.5}""",
            """{"step":20,"phase":"eval","time":"2025-01-02T03:04:05+00:00","loss":null}""",
        ], lines);
    }
}
