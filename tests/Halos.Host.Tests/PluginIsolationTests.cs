using Halos.Abstractions.Plugins;
using System.Runtime.Loader;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Host.Plugins;
using Halos.Host.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Halos.Host.Tests;

/// <summary>Two plugins that depend on different versions of one library both load, and each runs against its own version.</summary>
[Collection(FixturePluginsCollection.Name)]
public sealed class PluginIsolationTests(FixturePlugins fixtures)
{
    [Fact]
    public void TwoVersionsOfOneLibrary_LoadSideBySide_AndEachPluginUsesItsOwn()
    {
        using var catalog = PluginCatalog.Discover([fixtures.Isolated], NullLogger.Instance);
        Assert.Empty(catalog.Failures);
        var source = new DataSource("unused", DataKind.Sft, new ConfigurationBuilder().Build());

        var a = (SftExample)catalog.Get<ILoaderPlugin>("iso-a", "Data:Loader").CreateLoader(PluginContext.Standalone("iso-a")).Load(source).Single();
        var b = (SftExample)catalog.Get<ILoaderPlugin>("iso-b", "Data:Loader").CreateLoader(PluginContext.Standalone("iso-b")).Load(source).Single();

        Assert.Equal("hello iso-a from Greeting v1", a.Prompt.Text);
        Assert.Equal("1.0.0.0", a.Completion);
        Assert.Equal("hello iso-b from Greeting v2", b.Prompt.Text);
        Assert.Equal("2.0.0.0", b.Completion);
    }

    [Fact]
    public void EachPluginHasItsOwnLoadContext_ButSharesTheContractWithTheHost()
    {
        using var catalog = PluginCatalog.Discover([fixtures.Isolated], NullLogger.Instance);
        var contexts = catalog.Plugins.Select(p => AssemblyLoadContext.GetLoadContext(p.Instance.GetType().Assembly)!).ToList();
        Assert.Equal(2, contexts.Count);
        Assert.NotSame(contexts[0], contexts[1]);
        Assert.All(contexts, c => Assert.IsType<PluginLoadContext>(c));
        Assert.All(contexts, c => Assert.True(c.IsCollectible));

        // The interface the plugin implements is the host's own type, from the default context.
        var pluginInterface = catalog.Plugins[0].Instance.GetType().GetInterface(nameof(ILoaderPlugin))!;
        Assert.Same(typeof(ILoaderPlugin), pluginInterface);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(pluginInterface.Assembly));
    }

    [Fact]
    public void PluginsListThroughTheCli_ShowsBothWithKindVersionAndPath()
    {
        using var root = new TempFolder();
        var result = CliRun.InProcess(root.Path, ["plugins", "list", $"--Plugins:Paths:0={fixtures.Isolated}"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var listed = PluginListing.Parse(result.Out);
        Assert.Equal(("loader", "1.0.0.0", Path.Combine(fixtures.Isolated, "IsoA", "IsoA.dll")), listed["iso-a"]);
        Assert.Equal(("loader", "1.0.0.0", Path.Combine(fixtures.Isolated, "IsoB", "IsoB.dll")), listed["iso-b"]);
    }
}
