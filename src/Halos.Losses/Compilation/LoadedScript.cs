using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Halos.Abstractions.Losses;
using Halos.Losses.Declarations;
using Halos.Losses.Scripting;

namespace Halos.Losses.Compilation;

/// <summary>
/// A compiled script loaded into the process: the delegate Roslyn's submission factory compiles
/// to, called once per evaluation with the globals in slot 0 of the submission array.
/// </summary>
internal sealed class LoadedScript
{
    private readonly Func<object?[], Task<LossResult>> _factory;

    private LoadedScript(Assembly assembly, Func<object?[], Task<LossResult>> factory, ScriptDeclarations declarations)
    {
        Assembly = assembly;
        _factory = factory;
        Declarations = declarations;
    }

    public Assembly Assembly { get; }
    public ScriptDeclarations Declarations { get; }

    public static LoadedScript Load(CompiledScriptImage image)
    {
        var (assembly, factory) = LoadEntry<LossResult>(image.Assembly, image.EntryType, image.EntryMethod, image.ReferencedFiles);
        return new LoadedScript(assembly, factory, image.Declarations);
    }

    /// <summary>Loads an emitted script assembly (and the assemblies its #r names) and returns its submission factory.</summary>
    internal static (Assembly Assembly, Func<object?[], Task<TResult>> Factory) LoadEntry<TResult>(byte[] image, string entryType, string entryMethod,
        IReadOnlyList<string> referencedFiles)
    {
        // An assembly named by #r must be loadable by name when the script binds to it; outside
        // the compiling process nothing else would find it.
        foreach (var file in referencedFiles)
        {
            var name = AssemblyName.GetAssemblyName(file);
            if (!AppDomain.CurrentDomain.GetAssemblies().Any(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name)))
                AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
        }
        using var stream = new MemoryStream(image, writable: false);
        var assembly = AssemblyLoadContext.Default.LoadFromStream(stream);
        var type = assembly.GetType(entryType, throwOnError: true)!;
        var method = type.GetMethod(entryMethod, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                     ?? throw new InvalidOperationException($"the compiled script has no {entryType}.{entryMethod}");
        return (assembly, method.CreateDelegate<Func<object?[], Task<TResult>>>());
    }

    /// <summary>Runs the script body. It has no awaits, so the task has completed when the factory returns.</summary>
    public LossResult? Run(LossScriptGlobals globals) => _factory([globals, null]).GetAwaiter().GetResult();

    /// <summary>The script line an exception passed through: the innermost frame in the script's code.</summary>
    public int? LineOf(Exception exception) => LineIn(Assembly, exception);

    /// <summary>The line of <paramref name="assembly"/>'s script that <paramref name="exception"/> passed through last (innermost).</summary>
    internal static int? LineIn(Assembly assembly, Exception exception)
    {
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetMethod()?.DeclaringType?.Assembly != assembly) continue;
            var line = frame.GetFileLineNumber();
            if (line > 0) return line;
        }
        return null;
    }
}
