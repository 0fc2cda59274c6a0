using System.Text;
using System.Text.Json;

namespace Halos.Training.Online;

/// <summary>
/// <c>completions.jsonl</c> in the run folder: one line per sampled completion of every
/// <c>Training:LogCompletionsEvery</c>-th generation, with its step, prompt, text, total and per-source rewards and
/// advantage. A resumed run first drops the lines of steps after its checkpoint, so the file reads as one run's.
/// Each batch of lines is flushed whole.
/// </summary>
public sealed class CompletionLog
{
    public const string FileName = "completions.jsonl";

    private readonly string _path;

    private CompletionLog(string path) => _path = path;

    public string Path => _path;

    public static CompletionLog Open(string folder, long resumedStep)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (File.Exists(path))
        {
            var kept = File.ReadLines(path).Where(line => StepOf(line) is { } step && step <= resumedStep).ToList();
            var temporary = path + ".partial";
            File.WriteAllLines(temporary, kept);
            File.Move(temporary, path, overwrite: true);
        }
        return new CompletionLog(path);
    }

    public void Append(IReadOnlyList<CompletionRecord> records)
    {
        var text = new StringBuilder();
        foreach (var record in records) text.Append(Line(record)).Append('\n');
        File.AppendAllText(_path, text.ToString());
    }

    private static long? StepOf(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("step", out var step) && step.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null; // a line cut by a crash
        }
    }

    private static string Line(CompletionRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("step", record.Step);
            json.WriteString("id", record.PromptId);
            json.WriteNumber("sample", record.Sample);
            json.WriteString("prompt", record.Prompt);
            json.WriteString("completion", record.Completion);
            json.WriteNumber("length", record.Length);
            json.WriteString("finish_reason", record.FinishReason);
            WriteNumberOrNull(json, "reward", record.Reward);
            WriteNumberOrNull(json, "advantage", record.Advantage);
            json.WriteStartObject("rewards");
            foreach (var (name, value) in record.Rewards)
                if (value is { } v) json.WriteNumber(name, v);
                else json.WriteNull(name);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
