using System.Text.Json;
using Halos.Abstractions.Metrics;

namespace Halos.Metrics.Jsonl;

/// <summary>Writes one JSON object per record; appends, so a resumed run continues the same file.</summary>
public sealed class JsonlMetricSink : IMetricSink
{
    private readonly StreamWriter _writer;

    public JsonlMetricSink(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
    }

    public string Path { get; }

    public void Log(MetricRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("step", record.Step);
            json.WriteString("phase", record.Phase);
            json.WriteString("time", record.Time);
            foreach (var (name, value) in record.Values)
            {
                // JSON has no NaN or infinity; a diverged loss is still worth a line, so it is written as null.
                if (double.IsFinite(value)) json.WriteNumber(name, value);
                else json.WriteNull(name);
            }
            json.WriteEndObject();
        }
        _writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
