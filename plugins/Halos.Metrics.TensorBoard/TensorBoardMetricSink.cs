using Halos.Abstractions.Metrics;

namespace Halos.Metrics.TensorBoard;

/// <summary>
/// Writes each record as one Event whose scalars are tagged <c>&lt;phase&gt;/&lt;metric&gt;</c> (train/loss,
/// eval/rewards/accuracies), so TensorBoard groups them by phase. Each run (and each resume) opens a new
/// event file, as TensorBoard expects; it reads every file in the folder in order.
/// </summary>
public sealed class TensorBoardMetricSink : IMetricSink
{
    private static int _opened;
    private readonly TfRecordWriter _records;

    public TensorBoardMetricSink(string directory, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        // events.out.tfevents.<seconds>.<host>: the name TensorBoard looks for; the process id and a counter
        // keep sinks opened in the same second apart.
        Path = System.IO.Path.Combine(directory,
            $"events.out.tfevents.{now.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref _opened)}");
        _records = new TfRecordWriter(new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
        _records.Write(TensorBoardEvents.VersionEvent(Seconds(now)));
    }

    public string Path { get; }

    public void Log(MetricRecord record) =>
        _records.Write(TensorBoardEvents.ScalarsEvent(Seconds(record.Time), record.Step,
            record.Values.Select(v => new KeyValuePair<string, float>($"{record.Phase}/{v.Key}", (float)v.Value))));

    public void Flush() => _records.Flush();

    public void Dispose() => _records.Dispose();

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
