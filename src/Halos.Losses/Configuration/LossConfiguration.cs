using System.Globalization;
using Microsoft.Extensions.Configuration;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Options;

namespace Halos.Losses.Configuration;

/// <summary>
/// Builds the loss a profile declares, from its <c>Loss</c> section:
/// <code>
/// "Loss": { "Script": "dpo", "Params": { "beta": 0.2 } }
/// "Loss": { "Combine": [ { "Script": "dpo", "Weight": 0.8 }, { "Script": "bco_pair", "Weight": 0.2 },
///                        { "Script": "sft", "Weight": 1.0 } ] }          // each term may have its own Params
/// </code>
/// A script is a name in the losses directory (<c>dpo</c> → <c>losses/dpo.csx</c>) or a path.
/// <c>Loss:AllowUnrestricted</c> opts in to unrestricted scripts; <c>Loss:CacheDirectory</c> moves the cache;
/// <c>Loss:CallTimeoutSeconds</c> bounds one call of a script (default 60; 0 turns the watchdog off).
/// </summary>
public static class LossConfiguration
{
    private static readonly HashSet<string> Keys = new(StringComparer.OrdinalIgnoreCase)
        { "Script", "Params", "Combine", "AllowUnrestricted", "CacheDirectory", "Directory", "CallTimeoutSeconds" };

    public static ILossFunction Load(IConfiguration loss, string lossesDirectory, LossScriptOptions? options = null)
    {
        foreach (var child in loss.GetChildren())
            if (!Keys.Contains(child.Key))
                throw new LossConfigurationException($"Loss:{child.Key} is not a loss setting; expected one of {string.Join(", ", Keys)}");
        options ??= LossScriptOptions.Default;
        if (loss["AllowUnrestricted"] is { } unrestricted)
            options = options with { AllowUnrestricted = ParseBool(unrestricted, "Loss:AllowUnrestricted") };
        if (loss["CacheDirectory"] is { Length: > 0 } cache) options = options with { CacheDirectory = cache };
        if (loss["Directory"] is { Length: > 0 } dir) lossesDirectory = dir;
        if (loss["CallTimeoutSeconds"] is { } timeout) options = options with { CallTimeout = ParseTimeout(timeout) };

        var script = loss["Script"];
        var combine = loss.GetSection("Combine").GetChildren().ToList();
        if (script is not null && combine.Count > 0)
            throw new LossConfigurationException("Loss:Script and Loss:Combine are both set; declare one loss, or one combination");
        if (script is not null)
            return LossScript.Load(Resolve(script, lossesDirectory), Flatten(loss.GetSection("Params")), options);
        if (combine.Count == 0)
            throw new LossConfigurationException("no loss is configured: set Loss:Script (e.g. dpo) or Loss:Combine:0:Script and Loss:Combine:0:Weight");
        if (loss.GetSection("Params").GetChildren().Any())
            throw new LossConfigurationException("Loss:Params applies to a single Loss:Script; in a combination give each term its own Loss:Combine:N:Params");

        var terms = combine.Select(term =>
        {
            var where = $"Loss:Combine:{term.Key}";
            var name = term["Script"] ?? throw new LossConfigurationException($"{where}:Script is missing (the loss script of this term)");
            var weightText = term["Weight"] ?? throw new LossConfigurationException($"{where}:Weight is missing (the term's weight, e.g. 0.8)");
            if (!double.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !double.IsFinite(weight))
                throw new LossConfigurationException($"{where}:Weight expects a finite number such as 0.8, got '{weightText}'");
            foreach (var child in term.GetChildren())
                if (child.Key is not ("Script" or "Weight" or "Params"))
                    throw new LossConfigurationException($"{where}:{child.Key} is not a term setting; expected Script, Weight, Params");
            return new WeightedTerm(LossScript.Load(Resolve(name, lossesDirectory), Flatten(term.GetSection("Params")), options), weight);
        }).ToList();
        return new WeightedLoss(terms);
    }

    /// <summary>A section's key/values (<c>beta</c> → <c>0.2</c>); a nested section is an error, parameters are flat.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(IConfiguration section)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            if (child.Value is null)
                throw new LossConfigurationException($"{(section as IConfigurationSection)?.Path ?? "Loss:Params"}:{child.Key} has no value; hyperparameters are single values");
            values[child.Key] = child.Value;
        }
        return values;
    }

    /// <summary>
    /// "dpo" → &lt;dir&gt;/dpo.csx; a value with a directory or an extension is a path. A script that is not there
    /// is a configuration error naming the closest script of the losses directory.
    /// </summary>
    public static string Resolve(string script, string lossesDirectory)
    {
        var isPath = script.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) || script.Contains('/') || script.Contains('\\');
        var path = isPath ? script : Path.Combine(lossesDirectory, script + ".csx");
        if (File.Exists(path)) return path;
        var known = Directory.Exists(lossesDirectory)
            ? Directory.EnumerateFiles(lossesDirectory, "*.csx").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList()
            : [];
        var name = Path.GetFileNameWithoutExtension(script);
        throw new LossConfigurationException(
            $"no loss script '{script}' ({path} does not exist){ClosestName.Suffix(name, known)}"
            + (known.Count > 0 ? $"; the scripts in {lossesDirectory}: {string.Join(", ", known)}" : ""));
    }

    private static TimeSpan ParseTimeout(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0
            || seconds > TimeSpan.FromDays(1).TotalSeconds)
            throw new LossConfigurationException(
                $"Loss:CallTimeoutSeconds expects seconds between 0 and 86400, such as 60 (0 turns the watchdog off), got '{text}'");
        return seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
    }

    private static bool ParseBool(string text, string key) =>
        bool.TryParse(text, out var b) ? b : throw new LossConfigurationException($"{key} expects true or false, got '{text}'");
}
