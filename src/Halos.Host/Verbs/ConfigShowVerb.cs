using System.Globalization;
using Halos.Host.Cli;
using Halos.Host.Configuration;

namespace Halos.Host.Verbs;

/// <summary>
/// <c>halos config show</c>: every option with its effective value and the layer it came from
/// (default, appsettings.json, the profile, an environment variable, the command line), then the
/// validation errors, if any (exit code 2).
/// </summary>
public sealed class ConfigShowVerb : Verb
{
    public override string Name => "config show";

    public override string Summary => "Print the effective configuration and where each value came from";

    public override string Details =>
        "Precedence, lowest first: option defaults, appsettings.json, the profile (--profile), HALOS__Section__Key\n"
        + "environment variables, --Section:Key=value on the command line.";

    public override bool ReportsConfigurationErrors => true;

    public override int Run(VerbContext context)
    {
        var configuration = LayeredConfiguration.Load(context.Root, context.Globals.Profile, context.IO.Environment, context.Globals.Overrides);
        var rows = Rows(configuration, PluginSections(context));
        var output = context.IO.Out;
        output.WriteLine(configuration.Profile is { } p ? $"# profile {p.Name} ({p.Origin}), root {configuration.RootFolder}" : $"# no profile, root {configuration.RootFolder}");
        TextTable.Write(output, ["KEY", "VALUE", "SOURCE"], rows.Select(r => new[] { r.Key, r.Value, r.Source }).ToList());
        try
        {
            OptionsBinder.Bind(configuration);
            return ExitCodes.Success;
        }
        catch (ConfigurationException e)
        {
            context.IO.Error.WriteLine("halos: configuration error:");
            foreach (var error in e.Errors) context.IO.Error.WriteLine($"  {error}");
            return ExitCodes.UsageError;
        }
    }

    public sealed record Row(string Key, string Value, string Source);

    /// <summary>
    /// The options sections of the plugins the configuration names (the run loop, trainer, model, loader and metric
    /// sinks, built-in defaults included), so their defaults show too; none when the configuration does not validate.
    /// </summary>
    private static IReadOnlyList<(string Section, Type Type)> PluginSections(VerbContext context)
    {
        try
        {
            var session = context.Session;
            var options = session.Options;
            var catalog = session.Plugins;
            var named = new List<(Abstractions.Plugins.IHalosPlugin? Plugin, string Section)>
            {
                (catalog.Find<Abstractions.Running.IRunLoopPlugin>(options.Training.Loop), PluginOptionsCheck.Loop),
                (catalog.Find<Abstractions.Training.ITrainerPlugin>(BuiltInDefaults.TrainerOr(options.Training.Trainer, catalog)), PluginOptionsCheck.Trainer),
                (catalog.Find<Abstractions.Models.IModelPlugin>(BuiltInDefaults.ModelPluginOr(options.Model.Plugin, catalog)), PluginOptionsCheck.Model),
                (catalog.Find<Abstractions.Data.ILoaderPlugin>(options.Data.Loader), PluginOptionsCheck.Loader),
            };
            foreach (var sink in BuiltInDefaults.SinksOr(options.Metrics.Sinks, session.Configuration, catalog))
                named.Add((catalog.Find<Abstractions.Metrics.IMetricSinkPlugin>(sink), PluginOptionsCheck.Sink(sink)));
            return named.Where(n => n.Plugin is Abstractions.Plugins.IConfigurablePlugin)
                .Select(n => (n.Section, ((Abstractions.Plugins.IConfigurablePlugin)n.Plugin!).OptionsType)).ToList();
        }
        catch (ConfigurationException)
        {
            return [];
        }
    }

    /// <summary>
    /// Typed options in declaration order (defaults included): the host's sections, then those of the configured
    /// plugins; then every other key some layer sets.
    /// </summary>
    public static IReadOnlyList<Row> Rows(LayeredConfiguration configuration, IReadOnlyList<(string Section, Type Type)>? pluginSections = null)
    {
        var rows = new List<Row>();
        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var leaves = configuration.Leaves();
        foreach (var (section, type) in HalosOptions.Sections.Concat(pluginSections ?? []))
        {
            var defaults = Activator.CreateInstance(type)!;
            foreach (var property in OptionsBinder.PropertiesOf(type).Values.OrderBy(p => p.MetadataToken))
            {
                var key = $"{section}:{property.Name}";
                // A plugin's section also sits inside a host section's free-form key (Training:TrainerOptions): list each leaf once.
                if (covered.Contains(key)) continue;
                var under = leaves.Where(kv => LayeredConfiguration.IsUnder(kv.Key, key) && !covered.Contains(kv.Key)).ToList();
                if (under.Count > 0 && (under.Count > 1 || !under[0].Key.Equals(key, StringComparison.OrdinalIgnoreCase)))
                {
                    // A list or a free-form section: one row per leaf.
                    foreach (var (leaf, value) in under) rows.Add(new Row(leaf, value ?? "", configuration.SourceOf(leaf)));
                }
                else if (under.Count == 1) rows.Add(new Row(key, under[0].Value ?? "", configuration.SourceOf(key)));
                else if (!OptionsBinder.IsFreeForm(property))
                {
                    rows.Add(new Row(key, Format(property.GetValue(defaults)), LayeredConfiguration.DefaultSource));
                    covered.Add(key);
                }
                foreach (var (leaf, _) in under) covered.Add(leaf);
            }
        }
        foreach (var (key, value) in configuration.Leaves())
            if (covered.Add(key)) rows.Add(new Row(key, value ?? "", configuration.SourceOf(key)));
        return rows;
    }

    private static string Format(object? value) => value switch
    {
        null => "(not set)",
        string[] list => "[" + string.Join(", ", list) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
