using Halos.Abstractions.Running;
using Halos.Metrics.Csv;
using Halos.Metrics.TensorBoard;
using Halos.Training.Metrics;
using Halos.Training.Tests.Support;

namespace Halos.Training.Tests;

public sealed class RunModesTests
{
    [Fact]
    public void EvalMode_OnTheFinalModel_ReproducesTheLastEvalOfTraining()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "8";
        run.Settings["Data:Eval"] = "eval";
        run.Settings["Training:EvalExamples"] = "10";
        var trained = run.Run();

        run.Settings["Model:Checkpoint"] = "run/final";
        run.Settings.Remove("Model:Architecture");
        var evaluated = run.Run(mode: RunMode.Eval);
        Assert.Equal(trained.Metrics["eval_loss"], evaluated.Metrics[MetricNames.Loss], 10);
        Assert.Equal(0, evaluated.Steps);
    }

    [Fact]
    public void TheCsvAndTensorBoardSinks_WriteIntoTheRunFolder()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "4";
        run.Settings["Metrics:LogEvery"] = "2";
        run.ExtraSinks.Add(new CsvMetricSinkPlugin());
        run.ExtraSinks.Add(new TensorBoardMetricSinkPlugin());
        run.Run();

        var rows = File.ReadAllLines(Path.Combine(run.OutputDir, "metrics.train.csv"));
        Assert.Equal(3, rows.Length);
        Assert.Equal(["2", "4"], rows.Skip(1).Select(r => CsvTable.Split(r)[0]));
        var events = Directory.GetFiles(Path.Combine(run.OutputDir, "tensorboard"), "events.out.tfevents.*");
        Assert.Single(events);
        Assert.True(new FileInfo(events[0]).Length > 100);
    }
}
