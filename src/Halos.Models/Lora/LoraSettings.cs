using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Halos.Models.Lora;

/// <summary>
/// What a LoRA run adapts (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models"): every targeted
/// projection W gains ΔW = scaling · B·A with A [r, in], B [out, r], scaling = alpha / r (alpha / √r with rsLoRA).
/// Field names follow PEFT's adapter_config.json.
/// </summary>
public sealed record LoraSettings
{
    /// <summary>PEFT's target that means every linear layer except the output layer (LM head or score head).</summary>
    public const string AllLinear = "all-linear";

    public int Rank { get; init; } = 8;
    public double Alpha { get; init; } = 16;
    public double Dropout { get; init; }

    /// <summary>Module names (a module matches when its full name equals one or ends with "." + one), or <see cref="AllLinear"/>.</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = ["q_proj", "v_proj"];

    /// <summary>Modules trained in full beside the adapters (a reward model's <c>score</c> head), PEFT's modules_to_save.</summary>
    public IReadOnlyList<string> ModulesToSave { get; init; } = [];

    /// <summary>Rank-stabilised scaling, alpha / √r (Kalajdzievski 2023), PEFT's use_rslora.</summary>
    public bool UseRsLora { get; init; }

    public double Scaling => UseRsLora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    public bool TargetsAllLinear => TargetModules.Count == 1 && string.Equals(TargetModules[0], AllLinear, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="source"/> and the field when a value is out of range.</summary>
    public LoraSettings Validated(string source)
    {
        if (Rank < 1) throw new ArgumentException($"{source}: Rank (r) must be at least 1, got {Rank}");
        if (!double.IsFinite(Alpha) || Alpha <= 0) throw new ArgumentException($"{source}: Alpha (lora_alpha) must be a positive number, got {Alpha}");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"{source}: Dropout (lora_dropout) must be in [0, 1), got {Dropout}");
        if (TargetModules.Count == 0 || TargetModules.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"{source}: TargetModules (target_modules) must name modules, like q_proj,v_proj, or be {AllLinear}");
        return this;
    }

    /// <summary>
    /// Reads the <c>Model:Lora</c> section: <c>Rank</c>, <c>Alpha</c>, <c>Dropout</c>, <c>UseRsLora</c>, and
    /// <c>TargetModules</c> / <c>ModulesToSave</c> as a list or a comma-separated value. Null when the section is empty
    /// (no LoRA). Unknown keys and malformed values are errors naming the key.
    /// </summary>
    public static LoraSettings? FromConfiguration(IConfiguration? section, string path = "Model:Lora")
    {
        if (section is null || !section.GetChildren().Any()) return null;
        var known = new[] { "Rank", "Alpha", "Dropout", "TargetModules", "ModulesToSave", "UseRsLora" };
        foreach (var child in section.GetChildren())
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException($"{path}:{child.Key}: unknown key; {path} has {string.Join(", ", known)}");
        var defaults = new LoraSettings();
        return new LoraSettings
        {
            Rank = (int)Number(section, path, "Rank", defaults.Rank, integer: true),
            Alpha = Number(section, path, "Alpha", defaults.Alpha),
            Dropout = Number(section, path, "Dropout", defaults.Dropout),
            UseRsLora = Flag(section, path, "UseRsLora"),
            TargetModules = Names(section.GetSection("TargetModules")) ?? defaults.TargetModules,
            ModulesToSave = Names(section.GetSection("ModulesToSave")) ?? [],
        }.Validated(path);
    }

    private static double Number(IConfiguration section, string path, string key, double fallback, bool integer = false)
    {
        var text = section[key];
        if (text is null) return fallback;
        if (integer ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && (double)l is var v
                    : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
            return v;
        throw new ArgumentException($"{path}:{key}: '{text}' is not {(integer ? "an integer" : "a number")}");
    }

    private static bool Flag(IConfiguration section, string path, string key)
    {
        var text = section[key];
        if (text is null) return false;
        return bool.TryParse(text, out var b) ? b : throw new ArgumentException($"{path}:{key}: expected true or false, got '{text}'");
    }

    /// <summary>A list section (<c>:0</c>, <c>:1</c>, ...) or one comma-separated value, so a command-line override stays short.</summary>
    private static IReadOnlyList<string>? Names(IConfigurationSection node)
    {
        var items = node.GetChildren().Select(c => c.Value).Where(v => v is not null).Select(v => v!).ToList();
        if (items.Count == 0 && node.Value is { } single) items = [single];
        var names = items.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return names.Count == 0 ? null : names;
    }
}
