using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Halos.Abstractions.Losses;
using Halos.Losses.Scripting;
using Halos.Torch;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace Halos.Losses.Compilation;

/// <summary>
/// Compiles a .csx loss with Roslyn's C# scripting into an assembly image: top-level statements
/// over <see cref="LossScriptGlobals"/>, returning a <see cref="LossResult"/>. A restricted script
/// is also checked against <see cref="ScriptApiAllowList"/>.
/// </summary>
internal static class LossScriptCompiler
{
    private static readonly string[] Imports =
        ["System", "System.Linq", "System.Collections.Generic", "Halos.Torch", "Halos.Abstractions.Losses"];

    public static CompiledScriptImage Compile(string text, string displayPath, bool unrestricted)
    {
        var script = CSharpScript.Create<LossResult>(text, Options(displayPath, unrestricted, Imports), typeof(LossScriptGlobals));
        var (emitted, declarations, referenced) = Emit(script, displayPath, unrestricted, (tree, model, errors) => DeclarationReader.Read(tree, model, displayPath, errors));
        return new CompiledScriptImage(emitted.Image, emitted.EntryType, emitted.EntryMethod, declarations, referenced,
            ImageProvenance.For(text, unrestricted));
    }

    /// <summary>An emitted script assembly and its entry point (Roslyn's submission factory).</summary>
    internal sealed record EmittedScript(byte[] Image, string EntryType, string EntryMethod);

    /// <summary>Roslyn's scripting options for a script file: the framework and Halos references, and no file or package resolution unless unrestricted.</summary>
    internal static ScriptOptions Options(string displayPath, bool unrestricted, string[] imports) => ScriptOptions.Default
        .WithReferences(Framework.Value)
        .WithImports(imports)
        .WithFilePath(displayPath)
        .WithFileEncoding(Encoding.UTF8)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithEmitDebugInformation(true)
        .WithAllowUnsafe(false)
        .WithMetadataResolver(unrestricted
            ? ScriptMetadataResolver.Default.WithBaseDirectory(Path.GetDirectoryName(Path.GetFullPath(displayPath)))
            : ScriptMetadataResolver.Default.WithSearchPaths(ImmutableArray<string>.Empty).WithBaseDirectory(null))
        .WithSourceResolver(unrestricted
            ? ScriptSourceResolver.Default.WithBaseDirectory(Path.GetDirectoryName(Path.GetFullPath(displayPath)))
            : ScriptSourceResolver.Default.WithSearchPaths(ImmutableArray<string>.Empty).WithBaseDirectory(null));

    /// <summary>
    /// The sandbox every script goes through, loss or reward: the API allow-list (unless unrestricted), compile errors,
    /// the recursion refusal and the caller's own checks (<paramref name="read"/>) are reported together; then the
    /// script is emitted with a watchdog turn in every loop.
    /// </summary>
    internal static (EmittedScript Emitted, T Read, IReadOnlyList<string> Referenced) Emit<T>(Script script, string displayPath, bool unrestricted,
        Func<SyntaxTree, SemanticModel, List<string>, T> read)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);

        var errors = new List<string>();
        var diagnostics = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        // With #r in a restricted script the resolver fails (CS0006); the refusal below says why.
        if (!unrestricted)
        {
            var refusals = ScriptSafetyChecker.Check(tree, model, compilation.Assembly, displayPath);
            errors.AddRange(refusals);
            if (refusals.Count > 0) diagnostics.RemoveAll(d => d.Id is "CS0006" or "CS1504");
        }
        errors.AddRange(diagnostics.Select(d => d.ToString()));
        // Recursion is refused in every script, unrestricted too: a stack overflow ends the host, and nothing can catch it.
        errors.AddRange(RecursionChecker.Check(tree, model, displayPath));
        var declarations = read(tree, model, errors);
        if (errors.Count > 0) throw new LossCompilationException(displayPath, errors.Distinct().ToList());

        // What runs is the script with a watchdog turn in every loop, so that no call runs unbounded.
        var instrumented = compilation.ReplaceSyntaxTree(tree, LoopTurnInstrumenter.Instrument(tree));
        using var pe = new MemoryStream();
        var emitted = instrumented.Emit(pe, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        if (!emitted.Success)
            throw new LossCompilationException(displayPath,
                emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList());

        var entry = instrumented.GetEntryPoint(CancellationToken.None)
                    ?? throw new InvalidOperationException($"{displayPath}: the compiled script has no entry point");
        var referenced = ((Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax)tree.GetRoot()).GetReferenceDirectives()
            .Select(d => ((Microsoft.CodeAnalysis.CSharp.CSharpCompilation)compilation).GetDirectiveReference(d)).OfType<PortableExecutableReference>()
            .Select(r => r.FilePath).OfType<string>().Distinct().ToList();
        return (new EmittedScript(pe.ToArray(), entry.ContainingType.MetadataName, entry.MetadataName), declarations, referenced);
    }

    // Restricted scripts see the whole framework too, so `System.Net.Http.HttpClient` binds and is
    // refused by name (HALOS001) instead of reading as a missing #r (CS0234). Built once per process.
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
    {
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var framework = tpa.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && IsManaged(p));
        var halos = new[] { typeof(Tensor), typeof(LossResult), typeof(LossScriptGlobals) }.Select(t => t.Assembly.Location);
        return framework.Concat(halos).Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
