using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Halos.Losses.Compilation;

/// <summary>
/// Refuses, with file(line,col), what a restricted loss script may not do: name a type or member
/// outside <see cref="ScriptApiAllowList"/>, use unsafe code, pointers, P/Invoke, typeof or dynamic,
/// or pull in code with #r / #load.
/// </summary>
internal static class ScriptSafetyChecker
{
    public const string DiagnosticId = "HALOS001";

    public static IReadOnlyList<string> Check(SyntaxTree tree, SemanticModel model, IAssemblySymbol scriptAssembly, string path)
    {
        var problems = new SortedDictionary<(int Line, int Column), string>();
        var refusedLines = new HashSet<int>();
        var root = (CompilationUnitSyntax)tree.GetRoot();

        void Refuse(Location location, string what)
        {
            var span = location.GetLineSpan().StartLinePosition;
            // One refusal per line: `System.IO.File.ReadAllText` is one offence, not three.
            if (!refusedLines.Add(span.Line)) return;
            problems[(span.Line, span.Character)] =
                $"{path}({span.Line + 1},{span.Character + 1}): error {DiagnosticId}: {what} is not allowed in a loss script; " +
                "scripts may use the tensor API (Halos.Torch), System.Math and basic System types " +
                "(a profile may opt in to unrestricted scripts with Loss:AllowUnrestricted=true)";
        }

        foreach (var directive in root.GetReferenceDirectives()) Refuse(directive.GetLocation(), "#r");
        foreach (var directive in root.GetLoadDirectives()) Refuse(directive.GetLocation(), "#load");
        foreach (var u in root.Usings)
        {
            var target = model.GetSymbolInfo(u.NamespaceOrType).Symbol;
            if (target is INamespaceSymbol ns && !ScriptApiAllowList.AllowsNamespace(ns.ToDisplayString()))
                Refuse(u.GetLocation(), $"namespace {ns.ToDisplayString()}");
        }

        foreach (var node in root.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case UnsafeStatementSyntax or FixedStatementSyntax:
                    Refuse(node.GetLocation(), "unsafe code");
                    continue;
                case PointerTypeSyntax or FunctionPointerTypeSyntax:
                    Refuse(node.GetLocation(), "pointers");
                    continue;
                case TypeOfExpressionSyntax:
                    Refuse(node.GetLocation(), "typeof (reflection)");
                    continue;
                case MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax:
                    Refuse(node.GetLocation(), node.GetFirstToken().Text);
                    continue;
                case MemberDeclarationSyntax or LocalFunctionStatementSyntax:
                    var modifiers = node switch
                    {
                        MemberDeclarationSyntax m => m.Modifiers,
                        LocalFunctionStatementSyntax f => f.Modifiers,
                        _ => default,
                    };
                    foreach (var m in modifiers)
                        if (m.IsKind(SyntaxKind.UnsafeKeyword) || m.IsKind(SyntaxKind.ExternKeyword))
                            Refuse(m.GetLocation(), m.IsKind(SyntaxKind.UnsafeKeyword) ? "unsafe code" : "extern (P/Invoke)");
                    break;
            }

            // `var` takes the type of its initialiser, which is refused where it is written.
            if (node is IdentifierNameSyntax { IsVar: true }) continue;
            if (node is SimpleNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax
                or ElementAccessExpressionSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
                or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax)
            {
                var info = model.GetSymbolInfo(node);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                if (symbol is not null && ScriptApiAllowList.Refusal(symbol, scriptAssembly) is { } what)
                    Refuse(node.GetLocation(), what);
            }
        }
        return problems.Values.ToList();
    }
}
