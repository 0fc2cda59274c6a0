using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Metrics;
using Halos.Abstractions.Models;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Host.Configuration;
using Halos.Host.Hosting;
using Halos.Host.Plugins;
using Halos.Losses;
using Halos.Losses.Compilation;
using Halos.Losses.Configuration;

namespace Halos.Host.Verbs;

/// <summary>
/// Turns a validated session into a <see cref="RunPlan"/>: checks that the keys the mode needs are set and
/// looks up every plugin the configuration names. All problems are reported together, each naming its key.
/// </summary>
public static class RunPlanner
{
    /// <param name="interrupt">The host's Ctrl+C token: it also stops a loss script stuck in a loop.</param>
    public static (RunPlan Plan, IRunLoop Loop) Plan(HalosSession session, RunMode mode, string? input, string? output,
        CancellationToken interrupt = default)
    {
        var options = session.Options;
        var configuration = session.Configuration;
        var catalog = session.Plugins;
        var errors = new List<ConfigurationError>();

        T? Resolve<T>(string? name, string key) where T : class, Abstractions.Plugins.IHalosPlugin
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                var installed = catalog.OfKind<T>().Select(p => p.Name).ToList();
                var kind = PluginKinds.Describe(PluginKinds.Of<T>());
                errors.Add(new ConfigurationError(key, installed.Count == 0
                    ? $"is not set, and no {kind} plugin is installed (see 'halos plugins list')"
                    : $"is not set; set it to one of the installed {kind} plugins: {string.Join(", ", installed)} (e.g. --{key}={installed[0]})"));
                return null;
            }
            try { return catalog.Get<T>(name, key, configuration.SourceOf(key)); }
            catch (ConfigurationException e) { errors.AddRange(e.Errors); return null; }
        }

        void Require(string? value, string key, string what)
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add(new ConfigurationError(key, $"is not set; {what}"));
        }

        var loop = Resolve<IRunLoopPlugin>(options.Training.Loop, $"{TrainingOptions.Section}:{nameof(TrainingOptions.Loop)}");
        // Outside a project (no appsettings.json naming them) the host's built-in plugins stand in.
        options.Training.Trainer = BuiltInDefaults.TrainerOr(options.Training.Trainer, catalog);
        options.Model.Plugin = BuiltInDefaults.ModelPluginOr(options.Model.Plugin, catalog);
        options.Metrics.Sinks = BuiltInDefaults.SinksOr(options.Metrics.Sinks, configuration, catalog);
        var trainer = Resolve<ITrainerPlugin>(options.Training.Trainer, $"{TrainingOptions.Section}:{nameof(TrainingOptions.Trainer)}");
        var model = Resolve<IModelPlugin>(options.Model.Plugin, $"{ModelOptions.Section}:{nameof(ModelOptions.Plugin)}");
        // label needs no policy: its reward sources name their own models.
        if (mode != RunMode.Label && string.IsNullOrWhiteSpace(options.Model.Checkpoint) && string.IsNullOrWhiteSpace(options.Model.Architecture))
            errors.Add(new ConfigurationError($"{ModelOptions.Section}:{nameof(ModelOptions.Checkpoint)}",
                $"is not set, nor is {ModelOptions.Section}:{nameof(ModelOptions.Architecture)}; set a Hugging Face checkpoint folder or an architecture name"));

        ILoaderPlugin? loader = null;
        if (mode is RunMode.Train or RunMode.Eval)
        {
            loader = Resolve<ILoaderPlugin>(options.Data.Loader, $"{DataOptions.Section}:{nameof(DataOptions.Loader)}");
            if (mode == RunMode.Train) Require(options.Data.Train, $"{DataOptions.Section}:{nameof(DataOptions.Train)}", "set the training data the loader reads");
            else Require(options.Data.Eval, $"{DataOptions.Section}:{nameof(DataOptions.Eval)}", "set the evaluation data the loader reads");
            if (mode == RunMode.Eval && !options.Loss.IsSet && EvalLossDefault.Choose(options.Model, configuration.RootFolder) is { } evalLoss)
                options.Loss.Script = evalLoss;
            if (!options.Loss.IsSet)
                errors.Add(new ConfigurationError($"{LossOptions.Section}:{nameof(LossOptions.Script)}",
                    "set the loss script (e.g. dpo for losses/dpo.csx) or Loss:Combine; 'halos loss list' shows them"));
            var dataKey = mode == RunMode.Train ? $"{DataOptions.Section}:{nameof(DataOptions.Train)}" : $"{DataOptions.Section}:{nameof(DataOptions.Eval)}";
            var dataError = DataSourceCheck.Check(dataKey, mode == RunMode.Train ? options.Data.Train : options.Data.Eval,
                configuration.RootFolder, configuration.SourceOf(dataKey));
            if (dataError is not null) errors.Add(dataError);
            if (mode == RunMode.Train && DataSourceCheck.Check($"{DataOptions.Section}:{nameof(DataOptions.Eval)}", options.Data.Eval,
                    configuration.RootFolder, configuration.SourceOf($"{DataOptions.Section}:{nameof(DataOptions.Eval)}")) is { } evalError)
                errors.Add(evalError);
        }

        // The loss compiles now, so an unknown script, a misspelt hyperparameter or a script that does not compile is a
        // configuration error before the run creates its output folder or meets its ranks. The loop gets this instance.
        ILossFunction? loss = null;
        if (loader is not null && options.Loss.IsSet)
        {
            try { loss = LoadLoss(LossSection(configuration.Root, options.Loss), configuration.RootFolder, ScriptOptions(session, interrupt)); }
            catch (Exception e) when (e is LossConfigurationException or LossCompilationException)
            {
                errors.Add(new ConfigurationError(LossOptions.Section, e.Message, configuration.SourceOf($"{LossOptions.Section}:{nameof(LossOptions.Script)}")));
            }
        }

        if (loss is not null && trainer is not null && !trainer.Kinds.Contains(loss.Kind))
            errors.Add(new ConfigurationError($"{TrainingOptions.Section}:{nameof(TrainingOptions.Trainer)}",
                $"trainer '{trainer.Name}' handles {string.Join(", ", trainer.Kinds).ToLowerInvariant()} data, " +
                $"but loss '{loss.Name}' consumes {loss.Kind.ToString().ToLowerInvariant()} data", configuration.SourceOf($"{TrainingOptions.Section}:{nameof(TrainingOptions.Trainer)}")));

        if (loss is not null && loader is not null && !loader.Kinds.Contains(loss.Kind))
            errors.Add(new ConfigurationError($"{DataOptions.Section}:{nameof(DataOptions.Loader)}",
                $"loader '{loader.Name}' reads {string.Join(", ", loader.Kinds).ToLowerInvariant()} data, " +
                $"but loss '{loss.Name}' consumes {loss.Kind.ToString().ToLowerInvariant()} data", configuration.SourceOf($"{DataOptions.Section}:{nameof(DataOptions.Loader)}")));

        var sinks = new List<IMetricSinkPlugin>();
        for (var i = 0; i < options.Metrics.Sinks.Length; i++)
            if (Resolve<IMetricSinkPlugin>(options.Metrics.Sinks[i], $"{MetricsOptions.Section}:{nameof(MetricsOptions.Sinks)}:{i}") is { } sink) sinks.Add(sink);

        // Each plugin's settings are bound and checked here, with the host's own, before anything is created.
        var contexts = new PluginContextFactory(session, interrupt,
            mode == RunMode.Train ? Path.GetFullPath(options.Training.OutputDir, configuration.RootFolder) : null);
        var loopContext = loop is null ? null : contexts.For(loop, PluginOptionsCheck.Loop, errors);
        var modelContext = model is null ? null : contexts.For(model, PluginOptionsCheck.Model, errors);
        var trainerContext = trainer is null ? null : contexts.For(trainer, PluginOptionsCheck.Trainer, errors);
        var loaderContext = loader is null ? null : contexts.For(loader, PluginOptionsCheck.Loader, errors);
        var sinkContexts = sinks.Select(sink => (sink, Context: contexts.For(sink, PluginOptionsCheck.Sink(sink.Name), errors))).ToList();

        if (loop is not null && !loop.Modes.Contains(mode))
            errors.Add(new ConfigurationError($"{TrainingOptions.Section}:{nameof(TrainingOptions.Loop)}",
                $"run loop '{loop.Name}' does not implement {mode.ToString().ToLowerInvariant()} (it implements {string.Join(", ", loop.Modes).ToLowerInvariant()})"));

        if (errors.Count > 0) throw new ConfigurationException(errors);
        var plan = new RunPlan
        {
            Mode = mode,
            Profile = configuration.Profile?.Name,
            ConfigurationRoot = configuration.RootFolder,
            Configuration = configuration.Root,
            Training = options.Training,
            Data = options.Data,
            Model = options.Model,
            Loss = options.Loss,
            Metrics = options.Metrics,
            Generation = options.Generation,
            Rewards = options.Rewards,
            LoadRewardScript = path => Halos.Losses.Rewards.RewardScript.Load(path, options.Rewards.AllowUnrestricted,
                TimeSpan.FromSeconds(options.Rewards.CallTimeoutSeconds), interrupt),
            Trainer = trainer!.CreateTrainer(trainerContext!),
            Models = model!.CreateModels(modelContext!),
            Loader = loader?.CreateLoader(loaderContext!),
            Sinks = sinkContexts.Select(s => new MetricSinkOpener(s.sink.Name, () => s.sink.Open(s.Context))).ToList(),
            LoadLoss = loss is not null ? () => loss
                : options.Loss.IsSet ? () => LoadLoss(LossSection(configuration.Root, options.Loss), configuration.RootFolder, ScriptOptions(session, interrupt))
                : null,
            InputPath = input is null ? null : Path.GetFullPath(input, configuration.RootFolder),
            OutputPath = output is null ? null : Path.GetFullPath(output, configuration.RootFolder),
        };
        return (plan, loop!.CreateLoop(loopContext!));
    }

    /// <summary>The configuration's <c>Loss</c> section, or, when the script was chosen by default, one naming it.</summary>
    private static IConfiguration LossSection(IConfiguration root, LossOptions loss)
    {
        var section = root.GetSection(LossOptions.Section);
        if (!string.IsNullOrWhiteSpace(section[nameof(LossOptions.Script)]) || section.GetSection(nameof(LossOptions.Combine)).GetChildren().Any())
            return section;
        return new ConfigurationBuilder().AddConfiguration(root)
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{LossOptions.Section}:{nameof(LossOptions.Script)}"] = loss.Script })
            .Build().GetSection(LossOptions.Section);
    }

    /// <summary>Compiles the <c>Loss</c> section: one script with <c>Loss:Params</c>, or a <c>Loss:Combine</c> of several.</summary>
    private static ILossFunction LoadLoss(IConfiguration lossSection, string root, LossScriptOptions scriptOptions) =>
        LossConfiguration.Load(lossSection, LossesFolder.For(root), scriptOptions);

    /// <summary>Scripts stop at the host's interrupt, and their warnings (a rebuilt cache image) go to the host's log.</summary>
    private static LossScriptOptions ScriptOptions(HalosSession session, CancellationToken interrupt)
    {
        var logger = session.Logger("Halos.Losses");
        return new LossScriptOptions { Interrupt = interrupt, Warn = message => logger.LogWarning("{Warning}", message) };
    }
}
