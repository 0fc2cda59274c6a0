namespace Halos.Host.Tests.Support;

/// <summary>
/// Plugin folders compiled once per test run (shared by the tests through <see cref="FixturePluginsCollection"/>):
/// <list type="bullet">
/// <item><c>isolated/</c>: IsoA and IsoB, loaders that depend on version 1 and version 2 of the same library, Greeting;</item>
/// <item><c>broken/</c>: one healthy plugin beside a missing dependency, a throwing constructor, a plugin built
/// against contract 3.0, one against 1.0, one against another major version of Halos.Torch, a file that is not .NET, and an assembly that is not a plugin;</item>
/// <item><c>duplicates/</c>: two assemblies registering the same name;</item>
/// <item><c>runnable/</c>: a run loop (slow steps, checkpoint on cancellation) with a trainer, model and loader, for Ctrl+C through the real process.</item>
/// </list>
/// </summary>
public sealed class FixturePlugins : IDisposable
{
    private readonly TempFolder _folder = new("halos-fixture-plugins");

    public FixturePlugins()
    {
        var greetingV1 = PluginCompiler.Compile("Greeting", Greeting(1), Path.Combine(Root, "lib", "v1"), [], "1.0.0.0");
        var greetingV2 = PluginCompiler.Compile("Greeting", Greeting(2), Path.Combine(Root, "lib", "v2"), [], "2.0.0.0");

        // Each plugin folder carries its own copy of the library version it was built against.
        foreach (var (name, greeting) in new[] { ("IsoA", greetingV1), ("IsoB", greetingV2) })
        {
            var folder = Path.Combine(Isolated, name);
            PluginCompiler.Compile(name, IsolatedLoader(name.ToLowerInvariant().Replace("iso", "iso-")), folder, [.. PluginCompiler.ContractReferences, greeting]);
            File.Copy(greeting, Path.Combine(folder, "Greeting.dll"));
        }

        PluginCompiler.Compile("Healthy", NamedLoader("healthy"), Path.Combine(Broken, "Healthy"), PluginCompiler.ContractReferences);
        // Built against Greeting, shipped without it.
        PluginCompiler.Compile("MissingDependency", MissingDependencyLoader, Path.Combine(Broken, "MissingDependency"), [.. PluginCompiler.ContractReferences, greetingV1]);
        PluginCompiler.Compile("ThrowingConstructor", ThrowingConstructorLoader, Path.Combine(Broken, "ThrowingConstructor"), PluginCompiler.ContractReferences);
        var futureContract = PluginCompiler.Compile("Halos.Abstractions", FakeContract, Path.Combine(Root, "lib", "contract-v3"), [], "3.0.0.0");
        PluginCompiler.Compile("FutureContract", ContractPlugin("from-the-future"), Path.Combine(Broken, "FutureContract"), [futureContract]);
        var pastContract = PluginCompiler.Compile("Halos.Abstractions", FakeContract, Path.Combine(Root, "lib", "contract-v1"), [], "1.0.0.0");
        PluginCompiler.Compile("PastContract", ContractPlugin("from-the-past"), Path.Combine(Broken, "PastContract"), [pastContract]);
        var oldEngine = PluginCompiler.Compile("Halos.Torch", FakeEngine, Path.Combine(Root, "lib", "engine-v1"), [], "1.0.0.0");
        PluginCompiler.Compile("OtherEngine", OtherEnginePlugin, Path.Combine(Broken, "OtherEngine"), [PluginCompiler.ContractReferences[0], oldEngine]);
        Directory.CreateDirectory(Path.Combine(Broken, "NotDotNet"));
        File.WriteAllBytes(Path.Combine(Broken, "NotDotNet", "NotDotNet.dll"), "MZ this is not a PE file"u8.ToArray());
        PluginCompiler.Compile("NotAPlugin", "namespace NotAPlugin { public static class Nothing { } }", Path.Combine(Broken, "NotAPlugin"), []);

        PluginCompiler.Compile("RunFixture", RunFixturePlugins, Path.Combine(Runnable, "RunFixture"), PluginCompiler.ContractReferences);

        PluginCompiler.Compile("DupOne", NamedLoader("twin"), Path.Combine(Duplicates, "DupOne"), PluginCompiler.ContractReferences);
        PluginCompiler.Compile("DupTwo", NamedLoader("twin"), Path.Combine(Duplicates, "DupTwo"), PluginCompiler.ContractReferences);
    }

    public string Root => _folder.Path;
    public string Isolated => Path.Combine(Root, "isolated");
    public string Broken => Path.Combine(Root, "broken");
    public string Duplicates => Path.Combine(Root, "duplicates");
    public string Runnable => Path.Combine(Root, "runnable");

    public void Dispose() => _folder.Dispose();

    private static string Greeting(int version) => $$"""
        namespace Greeting
        {
            public static class Greeter
            {
                public static string Message(string who) => "hello " + who + " from Greeting v{{version}}";
            }
        }
        """;

    /// <summary>A loader that reports which Greeting it was bound to: its message and its assembly version.</summary>
    private static string IsolatedLoader(string name) => $$"""
        using Halos.Abstractions.Data;
        using Halos.Abstractions.Losses;
        namespace Fixtures
        {
            public sealed class IsolatedLoader : ILoaderPlugin, ILoader
            {
                public ILoader CreateLoader(Halos.Abstractions.Plugins.PluginContext context) => this;
                public string Name => "{{name}}";
                public IReadOnlyCollection<DataKind> Kinds { get; } = new[] { DataKind.Sft };
                public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default)
                {
                    var greeting = typeof(Greeting.Greeter).Assembly.GetName().Version!.ToString();
                    yield return new SftExample("0", Prompt.FromText(Greeting.Greeter.Message("{{name}}")), greeting);
                }
            }
        }
        """;

    private static string NamedLoader(string name) => $$"""
        using Halos.Abstractions.Data;
        using Halos.Abstractions.Losses;
        namespace Fixtures
        {
            public sealed class NamedLoader : ILoaderPlugin, ILoader
            {
                public ILoader CreateLoader(Halos.Abstractions.Plugins.PluginContext context) => this;
                public string Name => "{{name}}";
                public IReadOnlyCollection<DataKind> Kinds { get; } = new[] { DataKind.Sft };
                public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default)
                {
                    yield return new SftExample("{{name}}", Prompt.FromText(source.Location), "{{name}}");
                }
            }
        }
        """;

    private const string RunFixturePlugins = """
        using Halos.Abstractions.Data;
        using Halos.Abstractions.Losses;
        using Halos.Abstractions.Models;
        using Halos.Abstractions.Running;
        using Halos.Abstractions.Training;
        namespace Fixtures
        {
            public sealed class SlowLoop : IRunLoopPlugin, IRunLoop
            {
                public IRunLoop CreateLoop(Halos.Abstractions.Plugins.PluginContext context) => this;
                // Not "standard": that is the built-in loop (plugins/Halos.Training), and names must be unique.
                public string Name => "fixture-slow";
                public IReadOnlyCollection<RunMode> Modes { get; } = new[] { RunMode.Train };
                public RunOutcome Run(RunPlan plan, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
                {
                    for (long step = 1; step <= 600; step++)
                    {
                        Thread.Sleep(50);
                        progress.Report(new TrainingProgress("train", step, 600, step, step, TimeSpan.FromMilliseconds(50 * step)));
                        if (cancellationToken.IsCancellationRequested)
                        {
                            var checkpoint = System.IO.Path.Combine(plan.ResolvePath(plan.Training.OutputDir), "checkpoint-" + step);
                            System.IO.Directory.CreateDirectory(checkpoint);
                            System.IO.File.WriteAllText(System.IO.Path.Combine(checkpoint, "trainer_state.json"), "{\"global_step\": " + step + "}");
                            return new RunOutcome(step, true, checkpoint, new Dictionary<string, double>());
                        }
                    }
                    return new RunOutcome(600, false, null, new Dictionary<string, double>());
                }
            }
            public sealed class FixtureTrainerOptions
            {
                [System.ComponentModel.DataAnnotations.Range(0.0, 10.0)]
                public double Temperature { get; set; } = 1.0;
                public string Mode { get; set; } = "fast";
            }
            public sealed class NoTrainer : ITrainerPlugin, ITrainer, Halos.Abstractions.Plugins.IConfigurablePlugin
            {
                public ITrainer CreateTrainer(Halos.Abstractions.Plugins.PluginContext context) => this;
                public Type OptionsType => typeof(FixtureTrainerOptions);
                public string Name => "fixture-trainer";
                public IReadOnlyCollection<DataKind> Kinds { get; } = new[] { DataKind.Paired };
                public Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options) => throw new NotSupportedException();
                public LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss) => throw new NotSupportedException();
                public IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result) => throw new NotSupportedException();
            }
            public sealed class NoModel : IModelPlugin, IModelBuilder
            {
                public IModelBuilder CreateModels(Halos.Abstractions.Plugins.PluginContext context) => this;
                public void SavePretrained(Halos.Torch.NN.Module module, ModelSpec spec, string directory) => throw new NotSupportedException();
                public string Name => "fixture-model";
                public Halos.Torch.NN.Module Build(ModelSpec spec, ModelRole role) => throw new NotSupportedException();
                public ITokenizer LoadTokenizer(ModelSpec spec) => throw new NotSupportedException();
            }
            public sealed class NoLoader : ILoaderPlugin, ILoader
            {
                public ILoader CreateLoader(Halos.Abstractions.Plugins.PluginContext context) => this;
                public string Name => "fixture-loader";
                public IReadOnlyCollection<DataKind> Kinds { get; } = new[] { DataKind.Paired };
                public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default) => new Example[0];
            }
        }
        """;

    private const string MissingDependencyLoader = """
        using Halos.Abstractions.Data;
        using Halos.Abstractions.Losses;
        namespace Fixtures
        {
            public sealed class NeedsGreeting : ILoaderPlugin, ILoader
            {
                public ILoader CreateLoader(Halos.Abstractions.Plugins.PluginContext context) => this;
                private readonly string _hello = Greeting.Greeter.Message("constructor");
                public string Name => "needs-greeting";
                public IReadOnlyCollection<DataKind> Kinds { get; } = new[] { DataKind.Sft };
                public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default) => new Example[0];
            }
        }
        """;

    private const string ThrowingConstructorLoader = """
        using Halos.Abstractions.Data;
        using Halos.Abstractions.Losses;
        namespace Fixtures
        {
            public sealed class Throws : ILoaderPlugin, ILoader
            {
                public ILoader CreateLoader(Halos.Abstractions.Plugins.PluginContext context) => this;
                public Throws() => throw new InvalidOperationException("licence file /etc/acme.lic not found");
                public string Name => "throws";
                public IReadOnlyCollection<DataKind> Kinds { get; } = new[] { DataKind.Sft };
                public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default) => new Example[0];
            }
        }
        """;

    /// <summary>Another major version of the contract assembly, as a plugin built elsewhere would have referenced it.</summary>
    private const string FakeContract = """
        namespace Halos.Abstractions.Plugins
        {
            public interface IHalosPlugin { string Name { get; } }
        }
        """;

    private static string ContractPlugin(string name) => $$"""
        namespace Fixtures
        {
            public sealed class OtherContract : Halos.Abstractions.Plugins.IHalosPlugin
            {
                public string Name => "{{name}}";
            }
        }
        """;

    /// <summary>Another major version of the engine.</summary>
    private const string FakeEngine = """
        namespace Halos.Torch
        {
            public sealed class Tensor { }
        }
        """;

    /// <summary>Built against today's contract but another engine: its public surface names the engine's Tensor.</summary>
    private const string OtherEnginePlugin = """
        namespace Fixtures
        {
            public sealed class OtherEngine : Halos.Abstractions.Plugins.IHalosPlugin
            {
                public string Name => "other-engine";
                public Halos.Torch.Tensor? Weights => null;
            }
        }
        """;
}

[CollectionDefinition(Name)]
public sealed class FixturePluginsCollection : ICollectionFixture<FixturePlugins>
{
    public const string Name = "fixture plugins";
}
