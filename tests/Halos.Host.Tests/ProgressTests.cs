using Halos.Abstractions.Running;
using Halos.Host.Console;

namespace Halos.Host.Tests;

/// <summary>The progress line's numbers (ETA, rates, percent) and the two display modes.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void Eta_IsElapsedTimesRemainingOverDone()
    {
        // 25 of 100 steps in 60 s: 75 steps left at 2.4 s each = 180 s.
        var p = new TrainingProgress("train", 25, 100, 200, 51_200, TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(180), ProgressLine.Eta(p));
        Assert.Null(ProgressLine.Eta(p with { Step = 0 }));
        Assert.Null(ProgressLine.Eta(p with { TotalSteps = 0 }));
    }

    [Fact]
    public void Line_ShowsStepsPercentEtaRatesLossAndAccuracy()
    {
        var p = new TrainingProgress("train", 25, 100, 200, 51_200, TimeSpan.FromSeconds(60), Loss: 0.693147, RewardAccuracy: 0.625);
        Assert.Equal("train [######------------------] 25/100 25% ETA 03:00 | 3.3 ex/s | 853 tok/s | loss 0.6931 | acc 62.5%", ProgressLine.Format(p, withBar: true));
        Assert.Equal("train 25/100 25% ETA 03:00 | 3.3 ex/s | 853 tok/s | loss 0.6931 | acc 62.5%", ProgressLine.Format(p, withBar: false));
    }

    [Theory]
    [InlineData(34.24, "34.2")]
    [InlineData(812.4, "812")]
    [InlineData(8_123, "8.12k")]
    [InlineData(81_230, "81.2k")]
    [InlineData(1_500_000, "1.50M")]
    public void Rates_HaveThreeSignificantFigures(double rate, string expected) => Assert.Equal(expected, ProgressLine.Rate(rate));

    [Fact]
    public void Durations_SwitchToHoursPastAnHour()
    {
        Assert.Equal("03:07", ProgressLine.Duration(TimeSpan.FromSeconds(187)));
        Assert.Equal("2:00:05", ProgressLine.Duration(TimeSpan.FromSeconds(7205)));
    }

    [Fact]
    public void PlainMode_PrintsALineEveryInterval_AndAlwaysTheLast()
    {
        var output = new StringWriter();
        var now = new DateTime(2025, 1, 1);
        using (var progress = new ConsoleProgress(new ConsoleSurface(output, interactive: false), () => now) { PlainInterval = TimeSpan.FromSeconds(10) })
        {
            for (var step = 1; step <= 30; step++)
            {
                progress.Report(new TrainingProgress("train", step, 30, step, step, TimeSpan.FromSeconds(step)));
                now = now.AddSeconds(1);
            }
        }
        var steps = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(["1/30", "11/30", "21/30", "30/30"], steps);
    }

    [Fact]
    public void TerminalMode_RedrawsOneStatusLine_AndLogLinesGoAboveIt()
    {
        var output = new StringWriter();
        var surface = new ConsoleSurface(output, interactive: true);
        surface.SetStatus("train 1/2");
        surface.WriteLine("info: a log line");
        surface.SetStatus("train 2/2");
        surface.EndStatus();
        const string Erase = "\r\u001b[2K";
        var nl = Environment.NewLine;
        Assert.Equal($"{Erase}train 1/2{Erase}info: a log line{nl}train 1/2{Erase}train 2/2{nl}", output.ToString());
    }
}
