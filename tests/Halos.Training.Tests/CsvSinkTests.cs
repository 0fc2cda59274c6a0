using Halos.Abstractions.Metrics;
using Halos.Metrics.Csv;

namespace Halos.Training.Tests;

public sealed class CsvSinkTests
{
    private static MetricRecord Record(long step, string phase, params (string, double)[] values) =>
        new(step, phase, values.ToDictionary(v => v.Item1, v => v.Item2), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + step));

    [Fact]
    public void EachPhaseGetsATable_AndALateMetricWidensTheHeader()
    {
        var folder = Directory.CreateTempSubdirectory("halos-csv-").FullName;
        try
        {
            using (var sink = new CsvMetricSink(folder))
            {
                sink.Log(Record(1, "train", ("loss", 0.5), ("grad_norm", 2)));
                sink.Log(Record(1, "eval", ("loss", 0.25)));
                sink.Log(Record(2, "train", ("loss", 0.25), ("grad_norm", double.NaN), ("kl", 0.125)));
            }
            var train = File.ReadAllLines(Path.Combine(folder, "metrics.train.csv"));
            Assert.Equal("step,time,grad_norm,loss,kl", train[0]);
            Assert.Equal(["1", "2", "0.5", ""], CsvTable.Split(train[1]).Where((_, i) => i != 1));
            Assert.Equal(["2", "nan", "0.25", "0.125"], CsvTable.Split(train[2]).Where((_, i) => i != 1));
            Assert.Equal(["step,time,loss", $"1,{DateTimeOffset.FromUnixTimeSeconds(1_700_000_001):o},0.25"], File.ReadAllLines(Path.Combine(folder, "metrics.eval.csv")));

            // A resumed run appends under the existing header.
            using (var sink = new CsvMetricSink(folder)) sink.Log(Record(3, "train", ("loss", 0.125)));
            var resumed = File.ReadAllLines(Path.Combine(folder, "metrics.train.csv"));
            Assert.Equal(4, resumed.Length);
            Assert.Equal(["3", "", "0.125", ""], CsvTable.Split(resumed[3]).Where((_, i) => i != 1));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Cells_AreQuotedAsRfc4180Requires()
    {
        Assert.Equal("\"a,b\"", CsvTable.Quote("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvTable.Quote("say \"hi\""));
        Assert.Equal(["a,b", "say \"hi\"", ""], CsvTable.Split("\"a,b\",\"say \"\"hi\"\"\","));
    }
}
