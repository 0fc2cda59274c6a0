namespace Halos.Metrics.TensorBoard;

/// <summary>
/// The TensorBoard messages the sink writes, encoded by hand after tensorflow/core/util/event.proto and
/// summary.proto: Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; },
/// Summary { repeated Value value = 1; }, Value { string tag = 1; float simple_value = 2; }.
/// </summary>
public static class TensorBoardEvents
{
    /// <summary>The version record every event file starts with.</summary>
    public const string FileVersion = "brain.Event:2";

    public static byte[] VersionEvent(double wallTime) =>
        new ProtobufWriter().Double(1, wallTime).String(3, FileVersion).ToArray();

    /// <summary>One Event holding a scalar summary value per (tag, value).</summary>
    public static byte[] ScalarsEvent(double wallTime, long step, IEnumerable<KeyValuePair<string, float>> scalars)
    {
        var summary = new ProtobufWriter();
        foreach (var (tag, value) in scalars)
            summary.Message(1, new ProtobufWriter().String(1, tag).Float(2, value));
        return new ProtobufWriter().Double(1, wallTime).Int64(2, step).Message(5, summary).ToArray();
    }
}
