using System.Text.Json;
using Halos.Abstractions.Losses;
using Halos.Losses.Inputs;
using Halos.Torch;

namespace Halos.Losses.Commands;

/// <summary>
/// <c>halos loss eval &lt;file.csx&gt; --inputs inputs.json [--set beta=0.2]</c>: evaluates the loss on
/// given inputs and prints the per-example losses, rewards and metrics as JSON, to compare a
/// script with numbers from a paper or another library. See <see cref="LossInputsJson"/> for the input format.
/// </summary>
public static class LossEvalCommand
{
    public static int Run(string path, string inputsPath, IReadOnlyDictionary<string, string> parameters, LossScriptOptions options, TextWriter stdout,
        TextWriter stderr) =>
        CommandOutcome.Guard(stderr, () =>
        {
            var script = LossScript.Load(path, parameters, options);
            using var scope = torch.NewDisposeScope();
            var inputs = LossInputsJson.Read(inputsPath);
            var result = script.Compute(inputs);
            stdout.WriteLine(ToJson(script, result));
            return CommandOutcome.Ok;
        });

    internal static string ToJson(LossScript script, LossResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("script", script.ScriptPath);
            w.WritePropertyName("parameters");
            w.WriteStartObject();
            foreach (var (k, v) in script.Values)
            {
                w.WritePropertyName(k);
                switch (v)
                {
                    case double d: Number(w, d); break;
                    case int i: w.WriteNumberValue(i); break;
                    case bool b: w.WriteBooleanValue(b); break;
                }
            }
            w.WriteEndObject();
            w.WritePropertyName("loss");
            Number(w, result.Losses.detach().mean().to(ScalarType.Float64).item<double>());
            Values(w, "losses", result.Losses);
            Values(w, "chosen_rewards", result.ChosenRewards);
            Values(w, "rejected_rewards", result.RejectedRewards);
            w.WritePropertyName("metrics");
            w.WriteStartObject();
            foreach (var (k, v) in result.Metrics)
            {
                if (v.numel() == 1) { w.WritePropertyName(k); Number(w, v.to(ScalarType.Float64).item<double>()); }
                else Values(w, k, v);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Values(Utf8JsonWriter w, string name, Tensor? t)
    {
        w.WritePropertyName(name);
        if (t is null) { w.WriteNullValue(); return; }
        w.WriteStartArray();
        foreach (var v in t.detach().reshape(-1).to(ScalarType.Float64).data<double>()) Number(w, v);
        w.WriteEndArray();
    }

    // JSON has no NaN or Infinity; they are written as the strings "NaN", "Infinity", "-Infinity".
    private static void Number(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d)) w.WriteNumberValue(d);
        else w.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    }
}
