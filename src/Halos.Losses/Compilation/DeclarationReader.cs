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
        (string Name, SyntaxNode Call)? referenceSwitch = null;

        void AddParameter(HyperParameter declared, SyntaxNode call)
        {
            var previous = parameters.FirstOrDefault(p => p.Name == declared.Name);
            if (previous is null) parameters.Add(declared);
            else if (previous.Type != declared.Type || !previous.Default.Equals(declared.Default))
                errors.Add($"{Where(call)}: error HALOS003: Param(\"{declared.Name}\") is declared twice with different defaults");
        }

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
                case "group_mean" or "group_std":
                    // The helpers read the group size: the script needs grouped inputs that set one.
                    inputs.Add(InputCatalog.GroupSizeName);
                    break;
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
                case "UsesReferenceUnlessZero":
                    needsReference = true;
                    if (Constant("parameter") is string switchName) referenceSwitch = (switchName, call);
                    else errors.Add($"{Where(call)}: error HALOS003: UsesReferenceUnlessZero needs a constant parameter name, e.g. UsesReferenceUnlessZero(\"beta\")");
                    break;
                case "Choice":
                    var choiceName = Constant("name") as string;
                    var choiceDefault = Constant("default") as string;
                    var choiceList = Constant("choices") as string;
                    var choiceDescription = Constant("description") as string;
                    if (choiceName is null || choiceDefault is null || choiceList is null || choiceDescription is null)
                    {
                        errors.Add($"{Where(call)}: error HALOS003: Choice needs constant arguments: Choice(\"name\", \"default\", \"a|b|c\", \"one-line description\")");
                        break;
                    }
                    var choices = choiceList.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    if (!choices.Contains(choiceDefault, StringComparer.Ordinal))
                    {
                        errors.Add($"{Where(call)}: error HALOS003: Choice(\"{choiceName}\") defaults to '{choiceDefault}', which is not one of {string.Join(", ", choices)}");
                        break;
                    }
                    AddParameter(new HyperParameter(choiceName, HyperParameterType.Choice, choiceDefault, choiceDescription) { Choices = choices }, call);
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
                    AddParameter(new HyperParameter(name, type, value, description), call);
                    break;
            }
        }

        if (kind is null)
            errors.Add($"{path}(1,1): error HALOS002: the script does not declare the data it consumes; add Consumes(DataKind.Paired) " +
                       $"(or {string.Join(", ", Enum.GetNames<DataKind>())})");
        if (referenceSwitch is { } sw && parameters.FirstOrDefault(p => p.Name == sw.Name) is not { Type: HyperParameterType.Number })
            errors.Add($"{Where(sw.Call)}: error HALOS003: UsesReferenceUnlessZero(\"{sw.Name}\") names no number parameter; declare Param(\"{sw.Name}\", 0.0, \"...\")");
        return new ScriptDeclarations(kind ?? DataKind.Paired, needsReference, parameters, inputs.ToList()) { ReferenceSwitch = referenceSwitch?.Name };
    }
}
