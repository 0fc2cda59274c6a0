using System.Globalization;
using Halos.Abstractions.Models;
using Halos.Abstractions.Options;
using Halos.Abstractions.Rewards;
using Halos.Abstractions.Running;
using Halos.Torch;
using Halos.Training.Setup;
using Microsoft.Extensions.Configuration;

namespace Halos.Training.Rewards;

/// <summary>One configured reward source with its weight.</summary>
public sealed record WeightedSource(IRewardFunction Function, double Weight);

/// <summary>
/// Builds <c>Rewards:Sources</c>: each entry a section with <c>Type</c>, optional <c>Name</c> (how its metrics are
/// logged; the type, or the script's file name, by default) and <c>Weight</c> (1), and the keys of its type:
/// <list type="bullet">
/// <item><c>accuracy</c>: <c>Field</c> (<c>answer</c>), the row's field holding the expected answer;</item>
/// <item><c>format</c>: <c>Pattern</c>, a regular expression the whole completion must match;</item>
/// <item><c>length</c>: <c>TargetLength</c> and <c>Buffer</c> (tokens), DAPO's soft over-long penalty;</item>
/// <item><c>script</c>: <c>Path</c>, a <c>.csx</c> reward script;</item>
/// <item><c>model</c>: <c>Path</c>, a sequence-classification checkpoint, with <c>BatchSize</c> (8) and <c>MaxLength</c> (<c>Data:MaxLength</c>);</item>
/// <item><c>judge</c>: an LLM at an OpenAI-compatible <c>Endpoint</c> (see <see cref="Judges.JudgeReward"/>): <c>Model</c>,
/// <c>ApiKeyVariable</c> (the environment variable holding the key), <c>Mode</c> (pointwise, pairwise), <c>Template</c>,
/// <c>MaxConcurrency</c> (4), <c>TimeoutSeconds</c> (60), <c>MaxRetries</c> (4), <c>RetryDelaySeconds</c> (1),
/// <c>Cache</c> (a folder; default <c>$XDG_CACHE_HOME/halos/judgments</c>, <c>none</c> for no cache) and <c>MaxOutputTokens</c> (256).</item>
/// </list>
/// Every key is checked: an unknown one, a missing one or a bad value is an error naming <c>Rewards:Sources:i:Key</c>.
/// </summary>
public static class RewardSources
{
    private static readonly Dictionary<string, string[]> KeysOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accuracy"] = ["Field"],
        ["format"] = ["Pattern"],
        ["length"] = ["TargetLength", "Buffer"],
        ["script"] = ["Path"],
        ["model"] = ["Path", "BatchSize", "MaxLength"],
        ["judge"] = ["Endpoint", "Model", "ApiKeyVariable", "Mode", "Template", "MaxConcurrency", "TimeoutSeconds", "MaxRetries", "RetryDelaySeconds", "Cache", "MaxOutputTokens"],
    };

    private static readonly string[] CommonKeys = ["Type", "Name", "Weight"];

    /// <param name="logger">Where reward sources report what they skip (a judge reply with no readable score).</param>
    public static IReadOnlyList<WeightedSource> Build(RunPlan plan, Device device, Microsoft.Extensions.Logging.ILogger logger)
    {
        var entries = plan.Rewards.Sources?.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).ToList() ?? [];
        if (entries.Count == 0)
            throw new InvalidOperationException("Rewards:Sources is empty; an online run needs at least one reward source, e.g. Rewards:Sources:0:Type=accuracy");
        var sources = new List<WeightedSource>();
        try
        {
            foreach (var entry in entries) sources.Add(BuildOne(plan, entry, device, logger));
            var duplicate = sources.GroupBy(s => s.Function.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new InvalidOperationException($"Rewards:Sources: two sources are named '{duplicate.Key}'; give each a Name, as their metrics are logged by name");
        }
        catch
        {
            foreach (var s in sources) (s.Function as IDisposable)?.Dispose();
            throw;
        }
        return sources;
    }

    private static WeightedSource BuildOne(RunPlan plan, IConfigurationSection entry, Device device, Microsoft.Extensions.Logging.ILogger logger)
    {
        var where = $"Rewards:Sources:{entry.Key}";
        if (entry.Value is not null) throw new InvalidOperationException($"{where}: expected a section with Type (accuracy, format, length, script, model, judge), got the value '{entry.Value}'");
        var type = entry["Type"] ?? throw new InvalidOperationException($"{where}:Type is not set; expected one of {string.Join(", ", KeysOf.Keys)}");
        if (!KeysOf.TryGetValue(type, out var own))
            throw new InvalidOperationException($"{where}:Type: unknown reward type '{type}'; expected one of {string.Join(", ", KeysOf.Keys)}{ClosestName.Suffix(type, KeysOf.Keys)}");
        var allowed = CommonKeys.Concat(own).ToList();
        foreach (var key in entry.GetChildren().Select(c => c.Key))
            if (!allowed.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{where}:{key}: unknown key for a '{type}' reward; it has {string.Join(", ", allowed)}{ClosestName.Suffix(key, allowed)}");
        var weight = Number(entry, where, "Weight", 1.0);
        var name = entry["Name"];
        IRewardFunction function = type.ToLowerInvariant() switch
        {
            "accuracy" => new AccuracyReward(name ?? "accuracy", entry["Field"] ?? "answer"),
            "format" => new FormatReward(name ?? "format", Required(entry, where, "Pattern")),
            "length" => new LengthReward(name ?? "length", (int)Number(entry, where, "TargetLength", double.NaN, minimum: 1),
                (int)Number(entry, where, "Buffer", 0, minimum: 0)),
            "script" => Script(plan, entry, where, name),
            "judge" => Judge(plan, entry, where, name, logger),
            _ => new RewardModelReward(name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Required(entry, where, "Path"))), plan.Models,
                PlanModelSpec.Of(plan, device) with { Checkpoint = plan.ResolvePath(Required(entry, where, "Path")), Architecture = null },
                (int)Number(entry, where, "MaxLength", plan.Data.MaxLength, minimum: 0), (int)Number(entry, where, "BatchSize", 8, minimum: 1)),
        };
        return new WeightedSource(function, weight);
    }

    private static IRewardFunction Script(RunPlan plan, IConfigurationSection entry, string where, string? name)
    {
        var load = plan.LoadRewardScript ?? throw new InvalidOperationException($"{where}: this host cannot compile reward scripts (the run plan has no LoadRewardScript)");
        var path = plan.ResolvePath(Required(entry, where, "Path"));
        try
        {
            var script = load(path);
            return name is null ? script : new RenamedReward(script, name);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException($"{where}:Path: {e.Message}", e);
        }
    }

    private static Judges.JudgeReward Judge(RunPlan plan, IConfigurationSection entry, string where, string? name, Microsoft.Extensions.Logging.ILogger logger)
    {
        var endpointText = Required(entry, where, "Endpoint");
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"{where}:Endpoint: '{endpointText}' is not an http(s) URL; expected the OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1");
        var mode = (entry["Mode"] ?? "pointwise").ToLowerInvariant();
        if (mode is not ("pointwise" or "pairwise"))
            throw new InvalidOperationException($"{where}:Mode: '{entry["Mode"]}' is not a judging mode; expected pointwise or pairwise");
        var cache = entry["Cache"] switch
        {
            null => Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "halos", "judgments"),
            "none" => null,
            var folder => plan.ResolvePath(folder),
        };
        var settings = new Judges.JudgeSettings
        {
            Endpoint = endpoint,
            Model = Required(entry, where, "Model"),
            ApiKeyVariable = entry["ApiKeyVariable"] is { Length: > 0 } variable ? variable : null,
            Mode = mode,
            TemplatePath = entry["Template"] is { Length: > 0 } template ? plan.ResolvePath(template) : null,
            MaxConcurrency = (int)Number(entry, where, "MaxConcurrency", 4, minimum: 1),
            Timeout = TimeSpan.FromSeconds(Number(entry, where, "TimeoutSeconds", 60, minimum: 0.001)),
            MaxRetries = (int)Number(entry, where, "MaxRetries", 4, minimum: 0),
            RetryDelay = TimeSpan.FromSeconds(Number(entry, where, "RetryDelaySeconds", 1, minimum: 0)),
            CacheFolder = cache,
            MaxOutputTokens = (int)Number(entry, where, "MaxOutputTokens", 256, minimum: 1),
        };
        var text = Judges.JudgeTemplates.Load(mode, settings.TemplatePath, where);
        return new Judges.JudgeReward(name ?? "judge", settings, text, new Judges.JudgeClient(settings, where), logger);
    }

    private static string Required(IConfigurationSection entry, string where, string key) =>
        entry[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"{where}:{key} is not set; a '{entry["Type"]}' reward needs it");

    private static double Number(IConfigurationSection entry, string where, string key, double fallback, double minimum = double.NegativeInfinity)
    {
        var text = entry[key];
        if (text is null)
            return double.IsNaN(fallback) ? throw new InvalidOperationException($"{where}:{key} is not set; a '{entry["Type"]}' reward needs it") : fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < minimum)
            throw new InvalidOperationException($"{where}:{key}: '{text}' is not a number{(double.IsNegativeInfinity(minimum) ? "" : $" ≥ {minimum}")}");
        return value;
    }

    /// <summary>A source logged under the name the configuration gives it.</summary>
    private sealed class RenamedReward(IRewardFunction inner, string name) : IRewardFunction
    {
        public string Name => name;

        public IReadOnlyList<double?> Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken) => inner.Score(queries, cancellationToken);
    }
}
