using Halos.Abstractions.Losses;
using Halos.Losses.Declarations;
using Halos.Losses.Inputs;
using Halos.Losses.Scripting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Halos.Losses.Compilation;

/// <summary>
/// Reads a script's declarations from its bound source: <c>Consumes(kind)</c>, <c>UsesReference()</c>,
/// every <c>Param(name, default, description)</c> (all three constants), and the inputs it names.
/// Reading them statically means a script is never run to be listed or configured, and a
/// malformed declaration is a compile error with its line.
/// </summary>
internal static class DeclarationReader
{
    public static ScriptDeclarations Read(SyntaxTree tree, SemanticModel model, string path, List<string> errors)
    {
        var globals = model.Compilation.GetTypeByMetadataName(typeof(LossScriptGlobals).FullName!);
        DataKind? kind = null;
        var needsReference = false;
        var parameters = new List<HyperParameter>();
        var inputs = new SortedSet<string>(StringComparer.Ordinal);

        string Where(SyntaxNode node)
        {
            var p = node.GetLocation().GetLineSpan().StartLinePosition;
            return $"{path}({p.Line + 1},{p.Character + 1})";
        }

        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            if (node is IdentifierNameSyntax id && model.GetSymbolInfo(id).Symbol is IPropertySymbol prop
                && SymbolEqualityComparer.Default.Equals(prop.ContainingType, globals)
                && (InputCatalog.Find(prop.Name) is not null || prop.Name == InputCatalog.GroupSizeName))
            {
                inputs.Add(prop.Name);
                continue;
            }
            if (node is not InvocationExpressionSyntax call) continue;
            if (model.GetOperation(call) is not IInvocationOperation op
                || !SymbolEqualityComparer.Default.Equals(op.TargetMethod.ContainingType, globals))
                continue;

            object? Constant(string parameter)
            {
                var arg = op.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter);
                return arg?.Value.ConstantValue is { HasValue: true } c ? c.Value : null;
            }

            switch (op.TargetMethod.Name)
            {
                case "Consumes":
                    if (Constant("kind") is int k && Enum.IsDefined(typeof(DataKind), k))
                    {
                        if (kind is not null && kind != (DataKind)k)
                            errors.Add($"{Where(call)}: error HALOS002: the script declares Consumes twice ({kind} and {(DataKind)k}); a loss consumes one kind of data");
                        kind = (DataKind)k;
                    }
                    else errors.Add($"{Where(call)}: error HALOS002: Consumes needs a constant DataKind, e.g. Consumes(DataKind.Paired)");
                    break;
                case "UsesReference":
                    needsReference = true;
                    break;
                case "Param":
                    var name = Constant("name") as string;
                    var value = Constant("default");
                    var description = Constant("description") as string;
                    if (name is null || value is null || description is null)
                    {
                        errors.Add($"{Where(call)}: error HALOS003: Param needs constant arguments: Param(\"name\", default, \"one-line description\")");
                        break;
                    }
                    var type = value switch
                    {
                        double => HyperParameterType.Number,
                        int => HyperParameterType.Integer,
                        _ => HyperParameterType.Boolean,
                    };
                    var declared = new HyperParameter(name, type, value, description);
                    var previous = parameters.FirstOrDefault(p => p.Name == name);
                    if (previous is null) parameters.Add(declared);
                    else if (previous.Type != declared.Type || !previous.Default.Equals(declared.Default))
                        errors.Add($"{Where(call)}: error HALOS003: Param(\"{name}\") is declared twice with different defaults");
                    break;
            }
        }

        if (kind is null)
            errors.Add($"{path}(1,1): error HALOS002: the script does not declare the data it consumes; add Consumes(DataKind.Paired) " +
                       $"(or {string.Join(", ", Enum.GetNames<DataKind>())})");
        return new ScriptDeclarations(kind ?? DataKind.Paired, needsReference, parameters, inputs.ToList());
    }
}
