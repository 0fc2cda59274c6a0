using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Halos.Host.Tests.Support;

/// <summary>
/// Compiles a small C# source into a DLL with Roslyn, in-process (a dotnet build per fixture would cost
/// seconds each). References are the framework plus the DLL paths given, so a fixture can be compiled
/// against a chosen version of a library, or against a fake contract assembly.
/// </summary>
public static class PluginCompiler
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                        || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll"
                        || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    /// <summary>The contract assemblies a plugin compiles against, from the test's output folder.</summary>
    public static IReadOnlyList<string> ContractReferences { get; } =
    [
        Path.Combine(AppContext.BaseDirectory, "Halos.Abstractions.dll"),
        Path.Combine(AppContext.BaseDirectory, "Halos.Abstractions.Torch.dll"),
        Path.Combine(AppContext.BaseDirectory, "Halos.Torch.dll"),
    ];

    /// <summary>Compiles <paramref name="source"/> to <c>outputFolder/assemblyName.dll</c> and returns its path.</summary>
    public static string Compile(string assemblyName, string source, string outputFolder, IEnumerable<string> references, string version = "1.0.0.0")
    {
        var attributes = $"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]\n[assembly: System.Reflection.AssemblyInformationalVersion(\"{version}\")]\n";
        // Usings first, then the version attributes, then the fixture's own usings and code.
        var usings = string.Concat(source.Split('\n').TakeWhile(l => l.TrimStart().StartsWith("using ")).Select(l => l + "\n"));
        var body = string.Concat(source.Split('\n').SkipWhile(l => l.TrimStart().StartsWith("using ")).Select(l => l + "\n"));
        var tree = CSharpSyntaxTree.ParseText("using System; using System.Collections.Generic; using System.Linq; using System.Threading;\n" + usings + attributes + body);
        var compilation = CSharpCompilation.Create(assemblyName, [tree],
            Framework.Value.Concat(references.Select(r => MetadataReference.CreateFromFile(r))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Directory.CreateDirectory(outputFolder);
        var path = Path.Combine(outputFolder, assemblyName + ".dll");
        using (var stream = File.Create(path))
        {
            var result = compilation.Emit(stream);
            if (!result.Success)
                throw new InvalidOperationException($"fixture {assemblyName} does not compile:\n" +
                    string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        return path;
    }
}
