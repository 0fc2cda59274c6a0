using Halos.Abstractions.Losses;
using Halos.Losses.Compilation;
using Halos.Torch;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Halos.Losses.Tests;

/// <summary>A profile that opts in to unrestricted scripts may #r its own assemblies; the cached image remembers them.</summary>
public class UnrestrictedScriptTests
{
    [Fact]
    public void AnUnrestrictedScriptMayReferenceAnAssembly()
    {
        var folder = Directory.CreateTempSubdirectory("halos-ref-").FullName;
        var name = "BetaSource" + Guid.NewGuid().ToString("N");
        var dll = Path.Combine(folder, name + ".dll");
        var library = CSharpCompilation.Create(name,
            [CSharpSyntaxTree.ParseText($"public static class {name} {{ public static double Beta => 0.25; }}")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.True(library.Emit(dll).Success);

        var path = TempScripts.Write($"""
            #r "{dll}"
            Consumes(DataKind.Paired);
            return Loss(-logsigmoid({name}.Beta * (PolicyChosen - PolicyRejected)));
            """);
        var refused = Assert.Throws<LossCompilationException>(() => LossScript.Load(path, options: TestCache.Options));
        Assert.Contains(refused.Diagnostics, d => d.Contains(".csx(1,1): error HALOS001: #r is not allowed"));

        var cache = Directory.CreateTempSubdirectory("halos-ref-cache-").FullName;
        var options = new LossScriptOptions { CacheDirectory = cache, AllowUnrestricted = true };
        var script = LossScript.Load(path, options: options);
        using (var scope = torch.NewDisposeScope())
        {
            var r = script.Compute(new LossInputs { PolicyChosen = torch.tensor(new[] { 2.0 }, 1), PolicyRejected = torch.tensor(new[] { 0.0 }, 1) });
            LossAssert.Close(-Scalar.LogSigmoid(0.5), r.Losses, 1e-12);
        }

        using var stream = File.OpenRead(Directory.GetFiles(cache, "*.lossimg").Single());
        var image = CompiledScriptImage.TryRead(stream);
        Assert.NotNull(image);
        Assert.Equal([dll], image!.ReferencedFiles);
    }
}
