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
    public void TheContractVersionIsTheAssemblyVersion()
    {
        var assembly = typeof(PluginContract).Assembly.GetName().Version!;
        Assert.Equal(PluginContract.Major, assembly.Major);
        Assert.Equal(PluginContract.Minor, assembly.Minor);
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(1, 1, false)] // built against a newer minor: may use members this host lacks
    [InlineData(0, 9, false)]
    [InlineData(2, 0, false)]
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
        var options = new ConfigurationBuilder().Build();
        using (var sink = plugin.Open(new MetricSinkContext("run", output.Path, options)))
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
