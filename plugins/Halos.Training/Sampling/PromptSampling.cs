using Halos.Data.Output;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Abstractions.Generation;
using Halos.Abstractions.Models;
using Halos.Abstractions.Running;
using Halos.Data.Reading;
using Halos.Training.Setup;

using Halos.Training.Checkpoints;

namespace Halos.Training.Sampling;

/// <summary>
/// <c>halos sample --model DIR --input prompts.jsonl</c>: K completions per prompt from the model, one JSON line per
/// completion: <c>index</c> (the prompt's row among the input's rows), <c>sample</c> (k), <c>completion</c>,
/// <c>completion_ids</c>, <c>finish_reason</c>, <c>completion_logps</c> when <c>Generation:ReturnLogProbs</c> is set,
/// then the input row's fields (a field named like an output field is not copied).
/// </summary>
public static class PromptSampling
{
    private static readonly HashSet<string> OutputFields = ["index", "sample", "completion", "completion_ids", "finish_reason", "completion_logps"];

    public static RunOutcome Run(RunPlan plan, TextWriter standardOutput, CancellationToken cancellationToken)
    {
        var input = plan.InputPath ?? throw new InvalidOperationException("sample needs --input: a JSONL file of prompts");
        if (!File.Exists(input)) throw new DataFormatException(input, null, "the input file does not exist");
        var spec = PlanModelSpec.Of(plan);
        // Built as a reference: eval mode (no dropout) and no gradients.
        using var module = plan.Models.Build(spec, ModelRole.Reference);
        var model = module as IGenerativeLanguageModel
                    ?? throw new ModelSpecException($"{spec}: sample needs a causal language model that decodes incrementally (IGenerativeLanguageModel); the model plugin built a {module.GetType().Name}");
        var tokenizer = plan.Models.LoadTokenizer(spec);
        var stopIds = StopTokenIds.Of(tokenizer, spec.Checkpoint);
        var pad = tokenizer.PadTokenId ?? tokenizer.EosTokenId ?? 0;
        var generation = plan.Generation;
        SamplingOptions sampling;
        try
        {
            sampling = generation.ToSampling(stopIds, pad, plan.Training.Seed);
            sampling.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidOperationException($"Generation: {e.Message}", e);
        }
        var sampler = new GroupSampler(model, spec.Device, tokenizer, sampling, generation.BatchSize);

        long prompts = 0, samples = 0, clipped = 0, tokens = 0;
        AtomicOutputFile.Write(plan.OutputPath, standardOutput, writer =>
        {
            foreach (var completion in sampler.Sample(ReadPrompts(input).Select(r => { prompts++; return r; }), generation.NumSamples, cancellationToken))
            {
                writer.WriteLine(Line(completion, generation.ReturnLogProbs));
                samples++;
                tokens += completion.Sequence.TokenIds.Length;
                if (completion.Sequence.FinishReason == FinishReason.Length) clipped++;
            }
            return samples;
        });
        var metrics = new Dictionary<string, double> { ["prompts"] = prompts, ["samples"] = samples };
        if (samples > 0)
        {
            metrics["completions/mean_length"] = tokens / (double)samples;
            metrics["completions/clipped_ratio"] = clipped / (double)samples;
            if (sampler.Seconds > 0) metrics["generation/tokens_per_second"] = sampler.GeneratedTokens / sampler.Seconds;
        }
        return new RunOutcome(0, Interrupted: false, plan.OutputPath, metrics);
    }

    private static IEnumerable<PromptRow> ReadPrompts(string input)
    {
        long index = 0;
        foreach (var (record, error) in JsonRecords.Read(input))
        {
            if (error is not null) throw error;
            yield return PromptRow.Read(record!, index++);
        }
    }

    private static string Line(SampledCompletion completion, bool withLogProbs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("index", completion.Prompt.Index);
            json.WriteNumber("sample", completion.Sample);
            json.WriteString("completion", completion.Text);
            json.WriteStartArray("completion_ids");
            foreach (var id in completion.Sequence.TokenIds) json.WriteNumberValue(id);
            json.WriteEndArray();
            json.WriteString("finish_reason", completion.Sequence.FinishReason.WireName());
            if (withLogProbs)
            {
                json.WriteStartArray("completion_logps");
                foreach (var logProb in completion.Sequence.LogProbs) json.WriteNumberValue(logProb);
                json.WriteEndArray();
            }
            foreach (var field in completion.Prompt.Record.Root.EnumerateObject())
                if (!OutputFields.Contains(field.Name)) field.WriteTo(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
